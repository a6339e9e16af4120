using System.Runtime.InteropServices;
using TorchSharp;

namespace UnityVideo.Tests.Native;

/// <summary>Real ELF files present on every machine that runs the tests.</summary>
internal static class NativeLibraryFiles
{
    /// <summary>The unmodified TorchSharp shim copied into the test output by the runtime package.</summary>
    public static string Shim
    {
        get
        {
            var dir = Path.GetDirectoryName(typeof(torch).Assembly.Location)!;
            return new[]
            {
                Path.Combine(dir, "libLibTorchSharp.so"),
                Path.Combine(dir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
            }.First(File.Exists);
        }
    }

    /// <summary>The libstdc++ this process uses.</summary>
    public static string StdCpp
    {
        get
        {
            NativeLibrary.Load("libstdc++.so.6");
            return File.ReadLines("/proc/self/maps")
                .Select(l => l.IndexOf('/', StringComparison.Ordinal) is var i and >= 0 ? l[i..] : "")
                .First(p => Path.GetFileName(p).StartsWith("libstdc++.so.6", StringComparison.Ordinal));
        }
    }
}
