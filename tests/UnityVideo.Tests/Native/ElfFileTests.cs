using UnityVideo.Core.Native;

namespace UnityVideo.Tests.Native;

public sealed class ElfFileTests
{
    [Fact]
    public void Reads_the_version_requirements_and_dependencies_of_the_torch_shim()
    {
        var elf = ElfFile.Read(NativeLibraryFiles.Shim);

        var need = Assert.Single(elf.VersionNeeds, n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
        Assert.Contains(elf.VersionNeeds, n => n.File == "libc.so.6" && n.Version.StartsWith("GLIBC_2.", StringComparison.Ordinal));
        Assert.Contains("libtorch.so", elf.NeededLibraries);
        Assert.Contains("libstdc++.so.6", elf.NeededLibraries);
    }

    [Fact]
    public void Reads_the_versions_a_library_defines()
    {
        var defs = ElfFile.Read(NativeLibraryFiles.StdCpp).VersionDefinitions;

        Assert.Contains("GLIBCXX_3.4", defs);
        Assert.Contains("CXXABI_1.3", defs);
        Assert.DoesNotContain("GLIBC_2.2.5", defs); // defined by libc, not libstdc++
    }

    [Fact]
    public void Weakening_changes_only_the_flags_of_the_named_version()
    {
        var path = NativeLibraryFiles.Shim;
        var original = File.ReadAllBytes(path);
        var elf = ElfFile.Read(path);

        var patched = elf.WithWeakVersions(["GLIBCXX_3.4.32"]);

        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        var target = elf.VersionNeeds.Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal([(int)target.FlagsOffset], differing); // one byte: the low byte of vna_flags

        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("patched.so"), patched);
        var reread = ElfFile.Read(dir.File("patched.so"));
        Assert.True(reread.VersionNeeds.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.All(reread.VersionNeeds.Where(n => n.Version != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));
    }

    [Fact]
    public void Weakening_a_version_the_file_does_not_need_is_an_error()
    {
        var elf = ElfFile.Read(NativeLibraryFiles.Shim);
        var e = Assert.Throws<ArgumentException>(() => elf.WithWeakVersions(["GLIBCXX_9.9"]));
        Assert.Contains("GLIBCXX_9.9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_elf_is_rejected_with_its_name()
    {
        using var dir = new TempDir();
        var path = dir.File("notes.txt");
        File.WriteAllText(path, "this is not a shared object, just some text padding it out to sixty-four bytes or more");

        var e = Assert.Throws<ElfFormatException>(() => ElfFile.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_elf_is_rejected_not_misread()
    {
        using var dir = new TempDir();
        var path = dir.File("truncated.so");
        File.WriteAllBytes(path, File.ReadAllBytes(NativeLibraryFiles.Shim).AsSpan(0, 4096).ToArray());

        var e = Assert.Throws<ElfFormatException>(() => ElfFile.Read(path));
        Assert.Contains("truncated.so", e.Message, StringComparison.Ordinal);
    }
}
