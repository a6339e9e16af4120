using TorchSharp;
using UnityVideo.Core.Native;

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

    /// <summary>The libstdc++ this process uses, found the same way the loader finds it.</summary>
    public static string StdCpp => TorchNativeLoader.FindLoadedLibrary("libstdc++.so.6")
        ?? throw new InvalidOperationException("libstdc++.so.6 is not mapped into the test process");
}
