using System.Runtime.CompilerServices;
using UnityVideo.Core.Native;

namespace UnityVideo.Tests;

/// <summary>Runs before any test: makes TorchSharp's native library loadable, exactly as the CLI does.</summary>
internal static class TestAssemblySetup
{
    [ModuleInitializer]
    internal static void Init() => TorchNativeLoader.EnsureLoaded();
}
