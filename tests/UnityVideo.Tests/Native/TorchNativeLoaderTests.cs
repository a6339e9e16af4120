using TorchSharp;
using UnityVideo.Core.Native;

namespace UnityVideo.Tests.Native;

public sealed class TorchNativeLoaderTests
{
    [Fact]
    public void Patches_exactly_when_the_system_libstdcpp_lacks_a_needed_version()
    {
        var systemLacks = !ElfFile.Read(NativeLibraryFiles.StdCpp).VersionDefinitions.Contains("GLIBCXX_3.4.32");

        var status = TorchNativeLoader.EnsureLoaded();

        Assert.Equal(systemLacks ? TorchNativeAction.LoadedPatchedCopy : TorchNativeAction.NotNeeded, status.Action);
        if (systemLacks)
        {
            Assert.NotEqual(NativeLibraryFiles.Shim, status.LibraryPath);
            Assert.True(ElfFile.Read(status.LibraryPath!).VersionNeeds.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        }
    }

    [Fact]
    public void Torch_tensor_math_runs_in_the_test_process()
    {
        using var a = torch.arange(6, dtype: torch.float32).reshape(2, 3);   // [[0,1,2],[3,4,5]]
        using var b = a.matmul(a.t());                                       // [[5,14],[14,50]]

        Assert.Equal(new[] { 5f, 14f, 14f, 50f }, b.data<float>().ToArray());
    }

    [Fact]
    public void The_patched_copy_is_cached_and_written_once()
    {
        using var cache = new TempDir();
        var shim = ElfFile.Read(NativeLibraryFiles.Shim);

        var first = TorchNativeLoader.WritePatchedCopy(shim, ["GLIBCXX_3.4.32"], cache.Path);
        var writtenAt = File.GetLastWriteTimeUtc(first);
        var second = TorchNativeLoader.WritePatchedCopy(shim, ["GLIBCXX_3.4.32"], cache.Path);

        Assert.Equal(first, second);
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(second));
        Assert.Single(Directory.GetFiles(cache.Path, "*", SearchOption.AllDirectories)); // no temp files left
    }

    [Fact]
    public void A_corrupt_cached_copy_is_replaced()
    {
        using var cache = new TempDir();
        var shim = ElfFile.Read(NativeLibraryFiles.Shim);
        var path = TorchNativeLoader.WritePatchedCopy(shim, ["GLIBCXX_3.4.32"], cache.Path);
        File.WriteAllText(path, "garbage from an interrupted copy");

        var again = TorchNativeLoader.WritePatchedCopy(shim, ["GLIBCXX_3.4.32"], cache.Path);

        Assert.True(ElfFile.Read(again).VersionNeeds.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
    }
}
