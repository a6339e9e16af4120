using UnityVideo.Core.IO;

namespace UnityVideo.Tests.IO;

public sealed class OutputGuardTests
{
    private static void Check(string folder, bool force, IEnumerable<string>? inputs = null) =>
        OutputGuard.CheckFolder(folder, force, "--out", "dataset", OutputGuard.HoldsDataset, inputs);

    [Fact]
    public void An_absent_or_empty_folder_may_be_written()
    {
        using var dir = new TempDir();
        Check(dir.File("new"), force: false);
        Check(dir.Path, force: false);
    }

    [Fact]
    public void A_dataset_needs_force_and_the_message_says_so()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("manifest.jsonl"), "");

        var e = Assert.Throws<OutputExistsException>(() => Check(dir.Path, force: false));

        // The refusal carries the folder and what it holds; the command line turns it into advice about --force.
        Assert.Equal((Path.GetFullPath(dir.Path), "dataset"), (e.Path, e.Holds));
        Assert.DoesNotContain("--force", e.Message, StringComparison.Ordinal);
        Check(dir.Path, force: true);
    }

    [Fact]
    public void A_folder_the_project_did_not_write_is_refused_even_with_force_and_force_is_not_advised()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("notes.txt"), "mine");

        foreach (var force in new[] { false, true })
        {
            var e = Assert.Throws<IOException>(() => Check(dir.Path, force));
            Assert.Contains("holds no dataset this project wrote", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("--force", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_input_folder_is_refused_even_with_force()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("manifest.jsonl"), "");
        var video = dir.File("v.mp4");
        File.WriteAllText(video, "video");

        var e = Assert.Throws<IOException>(() => Check(dir.Path, force: true, [video]));

        Assert.Contains("input", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("--force", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_current_directory_and_its_parents_are_refused_even_with_force()
    {
        var cwd = Environment.CurrentDirectory;
        foreach (var folder in new[] { cwd, Path.GetDirectoryName(cwd)! })
        {
            var e = Assert.Throws<IOException>(() => OutputGuard.CheckFolder(folder, true, "--out", "dataset", _ => true));
            Assert.Contains("current directory", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("--force", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_file_is_overwritten_only_with_force_and_never_when_it_is_an_input()
    {
        using var dir = new TempDir();
        var gif = dir.File("a.gif");
        File.WriteAllText(gif, "old");

        Assert.Equal(gif, Assert.Throws<OutputExistsException>(() => OutputGuard.CheckFile(gif, false, "--out")).Path);
        OutputGuard.CheckFile(gif, true, "--out");
        Assert.Throws<IOException>(() => OutputGuard.CheckFile(gif, true, "--out", [gif]));
    }
}
