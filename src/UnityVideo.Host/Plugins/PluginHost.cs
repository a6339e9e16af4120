using System.Reflection;
using System.Runtime.Loader;
using FluentValidation;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Host.Options;

namespace UnityVideo.Host.Plugins;

/// <summary>
/// Discovers plugin folders, loads each plugin assembly in its own load context (sharing the contract types
/// with the host), checks its contract version and lets it register. One plugin per sub-folder.
/// </summary>
public static class PluginHost
{
    /// <summary>
    /// Types whose assemblies the host shares with every plugin, so a plugin's <c>Tensor</c> or
    /// <c>IServiceCollection</c> is the host's type and not a look-alike from a private copy.
    /// </summary>
    public static IReadOnlyList<Type> SharedTypes { get; } =
    [
        typeof(IUnityVideoPlugin),   // UnityVideo.Abstractions
        typeof(torch),               // TorchSharp
        typeof(IServiceCollection),  // Microsoft.Extensions.DependencyInjection.Abstractions
        typeof(IConfiguration),      // Microsoft.Extensions.Configuration.Abstractions
        typeof(ILogger),             // Microsoft.Extensions.Logging.Abstractions
        typeof(IOptions<>),          // Microsoft.Extensions.Options
        typeof(IValidator),          // FluentValidation
        typeof(OpenCvSharp.Mat),     // OpenCvSharp (managed only: its native part loads on first use)
    ];

    /// <summary>Loads every plugin under the configured folders and copies their services into <paramref name="services"/>.</summary>
    /// <param name="options">Folders and failure policy.</param>
    /// <param name="services">Receives the services plugins register.</param>
    /// <param name="configuration">The merged configuration; each plugin sees <c>Plugins:Settings:&lt;Name&gt;</c>.</param>
    /// <exception cref="PluginLoadException">A plugin failed and <see cref="PluginsOptions.OnError"/> is Stop.</exception>
    public static PluginCatalog Load(PluginsOptions options, IServiceCollection services, IConfiguration configuration)
    {
        var loaded = new List<LoadedPlugin>();
        var warnings = new List<string>();
        var owners = new Dictionary<string, LoadedPlugin>(StringComparer.Ordinal);

        foreach (var (folder, origin) in PluginSources(options))
        {
            try
            {
                var (found, pluginServices) = LoadOne(folder, configuration);
                var plugin = found with { Origin = origin };
                foreach (var m in plugin.Modalities)
                {
                    if (m.Name == Core.Modalities.ModalityRegistry.Rgb)
                        throw new PluginLoadException(plugin.AssemblyPath, $"plugin '{plugin.Manifest.Name}' registers modality 'rgb', a name reserved for the video stream");
                    if (owners.TryGetValue(m.Name, out var other))
                        throw new PluginLoadException(plugin.AssemblyPath,
                            $"plugin '{plugin.Manifest.Name}' registers modality '{m.Name}', which plugin '{other.Manifest.Name}' ({other.AssemblyPath}) already registered");
                }
                foreach (var m in plugin.Modalities) owners[m.Name] = plugin;
                foreach (var d in pluginServices) services.Add(d);
                loaded.Add(plugin);
            }
            catch (PluginLoadException e) when (options.OnError == PluginFailurePolicy.Skip)
            {
                warnings.Add($"skipped plugin {e.Message}");
            }
        }
        return new PluginCatalog(loaded, warnings);
    }

    /// <summary>Every plugin folder, in a stable order.</summary>
    public static IReadOnlyList<string> PluginFolders(PluginsOptions options) => PluginSources(options).Select(s => s.Folder).ToList();

    /// <summary>Every plugin folder with where it came from (the bundled folder, or the <c>Plugins:Directories</c> entry), in a stable order.</summary>
    public static IReadOnlyList<(string Folder, string Origin)> PluginSources(PluginsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var roots = new List<(string Root, string Origin)>();
        if (options.IncludeDefaultDirectory && PluginDirectories.ResolveDefault() is { } def) roots.Add((def, PluginDirectories.BundledOrigin));
        for (var i = 0; i < options.Directories.Count; i++)
        {
            var dir = PluginDirectories.Resolve(options.Directories[i]);
            if (!Directory.Exists(dir))
                throw new PluginLoadException(dir, $"plugin directory not found (Plugins:Directories:{i} = '{options.Directories[i]}')");
            roots.Add((dir, $"from Plugins:Directories:{i}"));
        }
        return roots.DistinctBy(r => r.Root, StringComparer.Ordinal)
            .SelectMany(r => Directory.GetDirectories(r.Root).Order(StringComparer.Ordinal).Select(f => (f, r.Origin)))
            .ToList();
    }

    private static (LoadedPlugin, IServiceCollection) LoadOne(string folder, IConfiguration configuration)
    {
        var assemblyPath = FindPluginAssembly(folder);
        Assembly assembly;
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, [.. SharedTypes], c => c.PreferSharedTypes = true);
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw new PluginLoadException(assemblyPath, $"cannot be loaded as a .NET assembly ({e.Message})", e);
        }

        var type = FindPluginType(assembly, assemblyPath);
        IUnityVideoPlugin plugin;
        try
        {
            plugin = (IUnityVideoPlugin)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e)
        {
            throw new PluginLoadException(assemblyPath, $"constructor of {type.FullName} threw {e.InnerException?.GetType().Name}: {e.InnerException?.Message}", e);
        }

        var manifest = plugin.Manifest;
        CheckContract(manifest, assemblyPath);

        var registrar = new PluginRegistrar(configuration.GetSection($"{PluginsOptions.SectionName}:Settings:{manifest.Name}"));
        try
        {
            plugin.Register(registrar);
        }
        catch (Exception e)
        {
            throw new PluginLoadException(assemblyPath, $"plugin '{manifest.Name}' failed in Register: {e.GetType().Name}: {e.Message}", e);
        }
        return (new LoadedPlugin(manifest, assemblyPath, registrar.Modalities, registrar.Annotators, registrar.Metrics), registrar.Services);
    }

    /// <summary>
    /// The folder's plugin assembly. A folder as <c>dotnet publish</c> or <c>dotnet build -o</c> leaves it also holds
    /// copies of assemblies the host provides (Abstractions, TorchSharp, …, each perhaps with its own
    /// <c>.deps.json</c>); those are never the plugin, and the load context uses the host's copy of them. Of the
    /// rest: the one with a <c>.deps.json</c> beside it, or the only one.
    /// </summary>
    private static string FindPluginAssembly(string folder)
    {
        var dlls = Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal).ToList();
        if (dlls.Count == 0) throw new PluginLoadException(folder, "plugin folder contains no assembly (.dll)");
        var hostAssemblies = HostAssemblyNames();
        var own = dlls.Where(d => !hostAssemblies.Contains(Path.GetFileNameWithoutExtension(d))).ToList();
        if (own.Count == 0)
            throw new PluginLoadException(folder,
                $"plugin folder holds only assemblies the host provides itself ({string.Join(", ", dlls.Select(Path.GetFileName))}); the plugin's own assembly is missing");
        var withDeps = own.Where(d => File.Exists(Path.ChangeExtension(d, ".deps.json"))).ToList();
        if (withDeps.Count == 1) return withDeps[0];
        if (own.Count == 1) return own[0];
        throw new PluginLoadException(folder,
            $"cannot tell which of {own.Count} assemblies ({string.Join(", ", own.Select(Path.GetFileName))}) is the plugin; keep the plugin's .deps.json (a normal build writes one) or one assembly per folder");
    }

    /// <summary>Names of the assemblies the host shares with plugins or has loaded itself: a copy of one beside a plugin is not the plugin.</summary>
    private static HashSet<string> HostAssemblyNames() =>
        SharedTypes.Select(t => t.Assembly)
            .Concat(AssemblyLoadContext.Default.Assemblies)
            .Select(a => a.GetName().Name)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Another major breaks the contract; a newer minor may use members this host lacks.</summary>
    private static void CheckContract(PluginManifest manifest, string assemblyPath)
    {
        if (manifest.ContractMajor != PluginContract.Major || manifest.ContractMinor > PluginContract.Minor)
            throw new PluginLoadException(assemblyPath,
                $"plugin '{manifest.Name}' was built for plugin contract {manifest.ContractVersion}, but this host implements contract {PluginContract.Current}; rebuild it against UnityVideo.Abstractions {PluginContract.Major}.x");
    }

    /// <summary>The types that do load, and the first load failure's message.</summary>
    private static (IReadOnlyList<Type> Types, string Problem) LoadableTypes(Assembly assembly, Exception failure)
    {
        var error = failure as ReflectionTypeLoadException;
        if (error is null)
        {
            try
            {
                return (assembly.GetTypes(), failure.Message);
            }
            catch (ReflectionTypeLoadException e)
            {
                error = e;
            }
        }
        var first = error.LoaderExceptions.FirstOrDefault(x => x is not null);
        return (error.Types.OfType<Type>().ToList(), first?.Message ?? failure.Message);
    }

    /// <summary>The manifest of a plugin class, or null when it cannot even be constructed.</summary>
    private static PluginManifest? ManifestOf(Type pluginClass)
    {
        try
        {
            return ((IUnityVideoPlugin)Activator.CreateInstance(pluginClass)!).Manifest;
        }
        catch (Exception e) when (e is TargetInvocationException or MissingMemberException or TypeLoadException)
        {
            return null;
        }
    }

    private static bool IsPluginClass(Type t) =>
        typeof(IUnityVideoPlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null;

    private static Type FindPluginType(Assembly assembly, string assemblyPath)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or TypeLoadException)
        {
            // A plugin built for another contract usually fails here first (one of its types implements a contract
            // member that changed); when its plugin class still loads, its manifest says why.
            var (loadable, problems) = LoadableTypes(assembly, e);
            if (loadable.Where(t => t.IsPublic && IsPluginClass(t)).ToList() is [var pluginClass] && ManifestOf(pluginClass) is { } manifest)
                CheckContract(manifest, assemblyPath);
            throw new PluginLoadException(assemblyPath, $"types cannot be loaded ({problems})", e);
        }
        var candidates = types.Where(IsPluginClass).ToList();
        if (candidates.Count == 1) return candidates[0];
        if (candidates.Count > 1)
            throw new PluginLoadException(assemblyPath, $"contains several IUnityVideoPlugin implementations ({string.Join(", ", candidates.Select(t => t.FullName))}); keep one per assembly");
        var lookAlike = types.FirstOrDefault(t => t.GetInterfaces().Any(i => i.FullName == typeof(IUnityVideoPlugin).FullName));
        if (lookAlike is not null)
            throw new PluginLoadException(assemblyPath, $"{lookAlike.FullName} implements a different copy of IUnityVideoPlugin; reference UnityVideo.Abstractions with Private=false so the host's copy is used");
        throw new PluginLoadException(assemblyPath, "contains no public class implementing IUnityVideoPlugin with a parameterless constructor");
    }
}
