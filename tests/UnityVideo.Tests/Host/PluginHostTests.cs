using UnityVideo.Abstractions;
using UnityVideo.Host.Configuration;
using UnityVideo.Host.Plugins;

namespace UnityVideo.Tests.Host;

public sealed class PluginHostTests
{
    [Fact]
    public void The_bundled_plugins_provide_exactly_the_five_modalities()
    {
        var startup = HostFactory.Start();

        var byName = startup.Catalog.All.Modalities.ToDictionary(m => m.Name);
        Assert.Equal(["densepose", "depth", "flow", "segmentation", "skeleton"], byName.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, byName["depth"].Channels);
        Assert.Equal(2, byName["flow"].Channels);
        Assert.True(byName["depth"].IsPixelAligned && byName["flow"].IsPixelAligned && byName["densepose"].IsPixelAligned);
        Assert.False(byName["skeleton"].IsPixelAligned || byName["segmentation"].IsPixelAligned);
        Assert.Equal("depth map", byName["depth"].Prompts[0]);
        Assert.All(startup.Catalog.Plugins, p => Assert.StartsWith(RepoPaths.BundledPlugins, p.AssemblyPath, StringComparison.Ordinal));
    }

    [Fact]
    public void A_new_modality_plugin_dropped_into_a_folder_is_listed_with_no_host_change()
    {
        using var dir = new TempDir();
        RepoPaths.CopyPlugin(RepoPaths.SamplePlugin("Normals"), dir.Path);

        var startup = HostFactory.Start($$"""{ "Plugins": { "Directories": [ {{System.Text.Json.JsonSerializer.Serialize(dir.Path)}} ] } }""");

        var normals = startup.Catalog.All.Get("normals");
        Assert.Equal(3, normals.Channels);
        Assert.Equal("surface normals", normals.Prompts[0]);
        Assert.Equal(6, startup.Modalities.Names.Count); // five bundled + normals, all enabled by default
        Assert.Equal("Normals", startup.Catalog.OwnerOf("normals").Manifest.Name);
    }

    [Fact]
    public void Enabling_a_subset_selects_only_those_modalities()
    {
        var startup = HostFactory.Start("""{ "Modalities": { "Enabled": [ "flow", "depth" ] } }""");

        Assert.Equal(["flow", "depth"], startup.Modalities.Names);
    }

    [Fact]
    public void Removing_a_plugin_folder_removes_its_modality()
    {
        using var dir = new TempDir();
        foreach (var p in Directory.GetDirectories(RepoPaths.BundledPlugins).Where(p => Path.GetFileName(p) != "Flow"))
            RepoPaths.CopyPlugin(p, dir.Path);

        var startup = HostFactory.Start(HostFactory.OnlyPlugins(dir.Path));
        Assert.DoesNotContain("flow", startup.Modalities.Names);
        Assert.Equal(4, startup.Modalities.Names.Count);

        var e = Assert.Throws<UnityVideoConfigurationException>(() =>
            HostFactory.Start(HostFactory.OnlyPlugins(dir.Path), "Modalities:Enabled:0=flow"));
        Assert.Contains("Modalities:Enabled:0: no loaded plugin provides modality 'flow' (available: densepose, depth, segmentation, skeleton)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugin_folder_without_an_assembly_is_an_error_naming_the_folder()
    {
        using var dir = new TempDir();
        var empty = Directory.CreateDirectory(Path.Combine(dir.Path, "Empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "README.txt"), "nothing here");

        var e = Assert.Throws<PluginLoadException>(() => HostFactory.Start(HostFactory.OnlyPlugins(dir.Path)));
        Assert.Equal($"{empty}: plugin folder contains no assembly (.dll)", e.Message);
    }

    [Fact]
    public void An_assembly_without_a_plugin_class_is_an_error_naming_the_file()
    {
        using var dir = new TempDir();
        RepoPaths.CopyPlugin(RepoPaths.TestPlugin("NoPlugin"), dir.Path);

        var e = Assert.Throws<PluginLoadException>(() => HostFactory.Start(HostFactory.OnlyPlugins(dir.Path)));
        Assert.EndsWith("UnityVideo.Fixtures.NoPlugin.dll", e.Location, StringComparison.Ordinal);
        Assert.Contains("contains no public class implementing IUnityVideoPlugin", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_plugins_registering_the_same_modality_is_an_error_naming_both()
    {
        using var dir = new TempDir();
        RepoPaths.CopyPlugin(RepoPaths.SamplePlugin("Normals"), dir.Path, "NormalsA");
        RepoPaths.CopyPlugin(RepoPaths.SamplePlugin("Normals"), dir.Path, "NormalsB");

        var e = Assert.Throws<PluginLoadException>(() => HostFactory.Start(HostFactory.OnlyPlugins(dir.Path)));
        Assert.Contains("NormalsB", e.Location, StringComparison.Ordinal);
        Assert.Contains("registers modality 'normals', which plugin 'Normals'", e.Message, StringComparison.Ordinal);
        Assert.Contains("NormalsA", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("artifacts/test-plugins/FutureContract", "UnityVideo.Fixtures.FutureContract.dll", "FutureContract", "3.0")]
    // The depth plugin as contract 1.1 built it: its annotator's type no longer loads, its manifest still says why.
    [InlineData("tests/fixtures/contract-1.1/Depth", "UnityVideo.Plugins.Depth.dll", "Depth", "1.1")]
    public void A_plugin_built_for_another_contract_major_is_refused_with_both_versions(string folder, string file, string plugin, string version)
    {
        using var dir = new TempDir();
        RepoPaths.CopyPlugin(Path.Combine(RepoPaths.Root, folder), dir.Path);

        var e = Assert.Throws<PluginLoadException>(() => HostFactory.Start(HostFactory.OnlyPlugins(dir.Path)));

        Assert.Equal("2.0", PluginContract.Current.ToString());
        Assert.EndsWith(file, e.Location, StringComparison.Ordinal);
        Assert.Contains($"plugin '{plugin}' was built for plugin contract {version}, but this host implements contract 2.0; rebuild it against UnityVideo.Abstractions 2.x", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugin_folder_as_build_output_leaves_it_loads_the_plugin_with_the_hosts_shared_types()
    {
        // What `dotnet build -o` or `dotnet publish` leaves: the plugin beside copies of the assemblies the host
        // shares (each library with its own .deps.json, as a project reference builds it).
        using var dir = new TempDir();
        var folder = RepoPaths.CopyPlugin(RepoPaths.SamplePlugin("Normals"), dir.Path);
        var abstractions = typeof(IUnityVideoPlugin).Assembly.Location;
        File.Copy(abstractions, Path.Combine(folder, Path.GetFileName(abstractions)));
        File.WriteAllText(Path.Combine(folder, "UnityVideo.Abstractions.deps.json"), "{ \"runtimeTarget\": { \"name\": \".NETCoreApp,Version=v10.0\" }, \"targets\": {}, \"libraries\": {} }");
        foreach (var shared in new[] { typeof(TorchSharp.torch), typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection) })
            File.Copy(shared.Assembly.Location, Path.Combine(folder, Path.GetFileName(shared.Assembly.Location)));

        var startup = HostFactory.Start(HostFactory.OnlyPlugins(dir.Path));

        var plugin = Assert.Single(startup.Catalog.Plugins);
        Assert.Equal(Path.Combine(folder, "UnityVideo.Samples.Normals.dll"), plugin.AssemblyPath);
        // The plugin's contract and tensor types are the host's: its codec takes and returns the host's tensors.
        var codec = startup.Catalog.All.Get("normals").Codec!;
        using var stored = TorchSharp.torch.zeros([2, 4, 4, 3], TorchSharp.torch.ScalarType.Float16);
        using var encoded = codec.Encode(stored, new ClipContext { Frames = 2, Height = 4, Width = 4 });
        Assert.Equal([3L, 2, 4, 4], encoded.shape);
        Assert.Same(typeof(IUnityVideoPlugin).Assembly, codec.GetType().GetInterfaces().Single().Assembly);
    }

    [Fact]
    public void A_folder_holding_only_the_hosts_shared_assemblies_says_the_plugin_is_missing()
    {
        using var dir = new TempDir();
        var folder = Directory.CreateDirectory(Path.Combine(dir.Path, "Copies")).FullName;
        File.Copy(typeof(IUnityVideoPlugin).Assembly.Location, Path.Combine(folder, "UnityVideo.Abstractions.dll"));

        var e = Assert.Throws<PluginLoadException>(() => HostFactory.Start(HostFactory.OnlyPlugins(dir.Path)));

        Assert.Equal($"{folder}: plugin folder holds only assemblies the host provides itself (UnityVideo.Abstractions.dll); the plugin's own assembly is missing", e.Message);
    }

    [Fact]
    public void A_plugin_whose_register_throws_stops_start_up_by_default()
    {
        using var dir = new TempDir();
        RepoPaths.CopyPlugin(RepoPaths.TestPlugin("Throwing"), dir.Path);

        var e = Assert.Throws<PluginLoadException>(() => HostFactory.Start(HostFactory.OnlyPlugins(dir.Path)));
        Assert.Contains("plugin 'Throwing' failed in Register: InvalidOperationException: model weights file 'normals.bin' is missing", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", e.Message, StringComparison.Ordinal); // a message, not a stack trace
    }

    [Fact]
    public void With_skip_policy_a_failing_plugin_is_left_out_and_the_rest_load()
    {
        using var dir = new TempDir();
        RepoPaths.CopyPlugin(RepoPaths.TestPlugin("Throwing"), dir.Path);
        RepoPaths.CopyPlugin(RepoPaths.SamplePlugin("Normals"), dir.Path);

        var startup = HostFactory.Start(HostFactory.OnlyPlugins(dir.Path, "Skip"));

        Assert.Equal(["normals"], startup.Modalities.Names); // nothing of the half-registered plugin survives
        var warning = Assert.Single(startup.Catalog.Warnings);
        Assert.Contains("plugin 'Throwing' failed in Register", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_plugin_directory_that_does_not_exist_is_an_error_naming_the_key()
    {
        var e = Assert.Throws<PluginLoadException>(() => HostFactory.Start(HostFactory.OnlyPlugins("/no/such/plugins")));
        Assert.Contains("plugin directory not found (Plugins:Directories:0 = '/no/such/plugins')", e.Message, StringComparison.Ordinal);
    }
}
