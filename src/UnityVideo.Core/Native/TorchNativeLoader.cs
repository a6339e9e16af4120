using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace UnityVideo.Core.Native;

/// <summary>
/// Makes TorchSharp's native shim load on systems whose libstdc++ is older than the one it was linked
/// against. <c>libLibTorchSharp.so</c> requires <c>GLIBCXX_3.4.32</c> only for
/// <c>std::ios_base_library_init</c>, a link-time marker that is never called. When (and only when) the
/// system libstdc++ lacks such a marker-only version, a cached copy of the shim with that requirement
/// marked weak is loaded before TorchSharp initialises, and TorchSharp's P/Invokes are pointed at it.
/// Call <see cref="EnsureLoaded"/> before the first use of <c>torch</c>.
/// </summary>
public static class TorchNativeLoader
{
    /// <summary>Versions whose only symbols are link-time markers, so weakening them is safe.</summary>
    public static IReadOnlySet<string> MarkerOnlyVersions { get; } = new HashSet<string>(StringComparer.Ordinal) { "GLIBCXX_3.4.32" };

    private const string ShimName = "libLibTorchSharp.so";
    private const string StdCppName = "libstdc++.so.6";
    private static readonly Lock Gate = new();
    private static TorchNativeStatus? status;

    /// <summary>What <see cref="EnsureLoaded"/> did on this process (null before it ran).</summary>
    public static TorchNativeStatus? Status => status;

    /// <summary>Idempotent; safe to call from several threads. Throws with a clear message when the shim cannot be made loadable.</summary>
    public static TorchNativeStatus EnsureLoaded()
    {
        lock (Gate)
        {
            status ??= Load();
            return status;
        }
    }

    private static TorchNativeStatus Load()
    {
        if (!OperatingSystem.IsLinux()) return new TorchNativeStatus(TorchNativeAction.NotNeeded, null, "not Linux");

        var torchAssembly = typeof(torch).Assembly;
        var shim = FindShim(Path.GetDirectoryName(torchAssembly.Location) ?? AppContext.BaseDirectory);
        if (shim is null) return new TorchNativeStatus(TorchNativeAction.NotNeeded, null, "shim not found next to TorchSharp; left to TorchSharp");

        var stdcpp = FindLoadedLibrary(StdCppName);
        if (stdcpp is null) return new TorchNativeStatus(TorchNativeAction.NotNeeded, null, "system libstdc++ not located; left to TorchSharp");

        var shimElf = ElfFile.Read(shim);
        var provided = ElfFile.Read(stdcpp).VersionDefinitions;
        var missing = shimElf.VersionNeeds
            .Where(n => n.File == StdCppName && !n.IsWeak && !provided.Contains(n.Version))
            .Select(n => n.Version).Distinct().ToList();
        if (missing.Count == 0) return new TorchNativeStatus(TorchNativeAction.NotNeeded, shim, $"{stdcpp} provides every version the shim needs");

        var unsafeToWeaken = missing.Where(v => !MarkerOnlyVersions.Contains(v)).ToList();
        if (unsafeToWeaken.Count > 0)
            throw new InvalidOperationException(
                $"{shim} needs {string.Join(", ", unsafeToWeaken)} from {StdCppName}, which {stdcpp} does not provide. " +
                "Install a newer libstdc++6 (GCC 13 or later).");

        var patched = WritePatchedCopy(shimElf, missing, CacheRoot());
        var nativeDir = Path.GetDirectoryName(shim)!;
        // The copy lives elsewhere, so its $ORIGIN run-path no longer finds libtorch: load those first, by full
        // path, so the copy's DT_NEEDED entries bind to them by soname.
        foreach (var dep in shimElf.NeededLibraries)
        {
            var local = Path.Combine(nativeDir, dep);
            if (File.Exists(local)) NativeLibrary.Load(local);
        }
        var handle = NativeLibrary.Load(patched);
        NativeLibrary.SetDllImportResolver(torchAssembly, (name, _, _) =>
            name is "LibTorchSharp" or "libLibTorchSharp" or ShimName ? handle : IntPtr.Zero);
        return new TorchNativeStatus(TorchNativeAction.LoadedPatchedCopy, patched,
            $"{stdcpp} lacks {string.Join(", ", missing)}; loaded a copy with them marked weak");
    }

    /// <summary>Writes (once) a copy of the shim with <paramref name="versions"/> weak; returns its path.</summary>
    internal static string WritePatchedCopy(ElfFile shim, IReadOnlyCollection<string> versions, string cacheRoot)
    {
        var original = File.ReadAllBytes(shim.Path);
        var key = Convert.ToHexString(SHA256.HashData(original))[..16].ToLowerInvariant();
        var dir = Path.Combine(cacheRoot, key);
        var target = Path.Combine(dir, ShimName);
        if (File.Exists(target) && IsPatched(target, versions)) return target;

        // Atomic: concurrent processes see the old file or the new one, never half of it.
        IO.AtomicFile.WriteAllBytes(target, shim.WithWeakVersions(versions));
        return target;
    }

    private static bool IsPatched(string path, IReadOnlyCollection<string> versions)
    {
        try
        {
            var elf = ElfFile.Read(path);
            return versions.All(v => elf.VersionNeeds.Where(n => n.Version == v).All(n => n.IsWeak));
        }
        catch (Exception e) when (e is ElfFormatException or IOException)
        {
            return false;
        }
    }

    private static string CacheRoot()
    {
        var configured = Environment.GetEnvironmentVariable("UNITYVIDEO_NATIVE_CACHE");
        if (!string.IsNullOrEmpty(configured)) return configured;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrEmpty(xdg) ? xdg
            : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache")
            : Path.GetTempPath();
        return Path.Combine(root, "unityvideo", "native");
    }

    private static string? FindShim(string torchDir)
    {
        string[] candidates =
        [
            Path.Combine(torchDir, ShimName),
            Path.Combine(torchDir, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", ShimName),
            Path.Combine(torchDir, "runtimes", "linux-x64", "native", ShimName),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Loads <paramref name="soname"/> the way the dynamic loader would and returns the file it mapped.</summary>
    internal static string? FindLoadedLibrary(string soname)
    {
        if (!NativeLibrary.TryLoad(soname, out _)) return null;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0) continue;
                var path = line[slash..];
                if (Path.GetFileName(path).StartsWith(soname, StringComparison.Ordinal) && File.Exists(path)) return path;
            }
        }
        catch (IOException)
        {
        }
        return null;
    }
}

/// <summary>What the native loader did.</summary>
public enum TorchNativeAction
{
    /// <summary>The system satisfies the shim as shipped; TorchSharp loads it itself.</summary>
    NotNeeded,

    /// <summary>A cached copy with marker-only version requirements weakened was loaded.</summary>
    LoadedPatchedCopy,
}

/// <summary>Outcome of <see cref="TorchNativeLoader.EnsureLoaded"/>.</summary>
/// <param name="Action">What was done.</param>
/// <param name="LibraryPath">The shim file involved, when one was found.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record TorchNativeStatus(TorchNativeAction Action, string? LibraryPath, string Reason);
