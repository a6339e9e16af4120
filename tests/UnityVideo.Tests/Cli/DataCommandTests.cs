using UnityVideo.Core.Data;

namespace UnityVideo.Tests.Cli;

public sealed class DataCommandTests
{
    [Fact]
    public void Data_synth_writes_readable_clips_and_a_manifest()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "train");

        var r = CliRunner.Run("data", "synth", "--out", target, "--clips", "3", "--size", "16", "--frames", "4", "--seed", "7");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("wrote 3 clips (16x16, 4 frames, train split)", r.Stdout, StringComparison.Ordinal);
        var dataset = ClipDataset.Open(target);
        Assert.Equal(3, dataset.Count);
        using var clip = dataset.Read(2);
        Assert.Equal(new long[] { 4, 16, 16, 3 }, clip.Rgb.shape);
        Assert.DoesNotContain("floor", clip.Metadata.Caption, StringComparison.Ordinal);

        // The same clip with captions that start with the floor and the wall.
        var named = Path.Combine(dir.Path, "named");
        Assert.Equal(0, CliRunner.Run("data", "synth", "--out", named, "--clips", "3", "--size", "16", "--frames", "4", "--seed", "7", "--background-captions").ExitCode);
        using var other = ClipDataset.Open(named).Read(2);
        Assert.StartsWith("on a", other.Metadata.Caption, StringComparison.Ordinal);
        Assert.EndsWith(", " + clip.Metadata.Caption, other.Metadata.Caption, StringComparison.Ordinal);
        Assert.True(UnityVideo.Tests.Inference.TensorAssert.Same(clip.Rgb, other.Rgb));
    }

    [Fact]
    public void Data_synth_never_replaces_a_folder_it_did_not_write_and_does_not_advise_force()
    {
        using var dir = new TempDir();
        var keep = dir.File("my-notes.txt");
        File.WriteAllText(keep, "precious");

        foreach (var force in new[] { false, true })
        {
            var args = new List<string> { "data", "synth", "--out", dir.Path, "--clips", "1", "--size", "16", "--frames", "2" };
            if (force) args.Add("--force");
            var refused = CliRunner.Run([.. args]);

            Assert.Equal(1, refused.ExitCode);
            Assert.StartsWith("error: ", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("holds no dataset this project wrote", refused.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("--force", refused.Stderr, StringComparison.Ordinal);
            Assert.Equal("precious", File.ReadAllText(keep));
        }
    }

    [Fact]
    public void A_users_file_inside_a_dataset_folder_is_never_deleted_by_force_and_force_is_not_advised()
    {
        using var dir = new TempDir();
        var target = dir.File("data");
        Assert.Equal(0, CliRunner.Run("data", "synth", "--out", target, "--clips", "2", "--size", "8", "--frames", "1", "--supersample", "1").ExitCode);
        var notes = Path.Combine(target, "notes.txt");
        File.WriteAllText(notes, "precious");

        foreach (var force in new[] { false, true })
        {
            var args = new List<string> { "data", "synth", "--out", target, "--clips", "3", "--size", "8", "--frames", "1", "--supersample", "1" };
            if (force) args.Add("--force");
            var refused = CliRunner.Run([.. args]);

            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("holds 'notes.txt', which this project did not write", refused.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("--force", refused.Stderr, StringComparison.Ordinal);
            Assert.Equal("precious", File.ReadAllText(notes));
            Assert.Equal(2, ClipDataset.Open(target).Count);
        }
    }

    [Fact]
    public void An_old_dataset_file_that_cannot_be_deleted_leaves_the_new_dataset_in_place_and_the_old_file_kept()
    {
        // As root the immutable flag (chattr, e2fsprogs) stops the delete; otherwise a read-only folder does.
        using var dir = new TempDir();
        var target = dir.File("data");
        string[] tiny = ["--size", "8", "--frames", "1", "--supersample", "1"];
        Assert.Equal(0, CliRunner.Run(["data", "synth", "--out", target, "--clips", "2", .. tiny]).ExitCode);
        var stuck = Path.Combine(target, "clip_000000.safetensors");
        var root = Environment.UserName == "root";
        Chattr(root ? "+i" : null, stuck, target);
        try
        {
            var r = CliRunner.Run(["data", "synth", "--out", target, "--clips", "3", "--force", .. tiny]);

            Assert.Equal(0, r.ExitCode);
            Assert.Equal(3, ClipDataset.Open(target).Count);                                    // the new dataset, whole
            var aside = Assert.Single(Directory.GetDirectories(dir.Path), d => d != target);   // the old one's remains, hidden
            Assert.StartsWith(".data.", Path.GetFileName(aside), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(aside, "clip_000000.safetensors")));
        }
        finally
        {
            foreach (var d in Directory.GetDirectories(dir.Path, ".data.*"))
                Chattr(root ? "-i" : null, Path.Combine(d, "clip_000000.safetensors"), d, undo: true);
        }
    }

    /// <summary>Makes <paramref name="file"/> undeletable (or deletable again): chattr as root, a read-only folder otherwise.</summary>
    private static void Chattr(string? flag, string file, string folder, bool undo = false)
    {
        if (flag is null)
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, undo ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b101_101_101);
            return;
        }
        if (!File.Exists(file)) return;
        var psi = new System.Diagnostics.ProcessStartInfo("chattr") { UseShellExecute = false, RedirectStandardError = true };
        psi.ArgumentList.Add(flag);
        psi.ArgumentList.Add(file);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"chattr {flag} failed (this test needs e2fsprogs and a filesystem with the immutable flag): {error}");
    }

    [Fact]
    public void Data_synth_replaces_a_dataset_only_with_force()
    {
        using var dir = new TempDir();
        var target = dir.File("data");
        Assert.Equal(0, CliRunner.Run("data", "synth", "--out", target, "--clips", "2", "--size", "16", "--frames", "2").ExitCode);

        var refused = CliRunner.Run("data", "synth", "--out", target, "--clips", "3", "--size", "16", "--frames", "2");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("pass --force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, ClipDataset.Open(target).Count);

        var forced = CliRunner.Run("data", "synth", "--out", target, "--clips", "3", "--size", "16", "--frames", "2", "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(3, ClipDataset.Open(target).Count);
        Assert.Equal([target], Directory.GetFileSystemEntries(dir.Path)); // the old dataset and the staging folder are gone
    }

    [Fact]
    public void Data_synth_force_never_replaces_the_current_directory()
    {
        using var dir = new TempDir();
        Assert.Equal(0, CliRunner.Run("data", "synth", "--out", dir.Path, "--clips", "1", "--size", "16", "--frames", "2").ExitCode);
        File.WriteAllText(dir.File("notes.txt"), "mine");

        var here = CliRunner.RunIn(dir.Path, "data", "synth", "--out", ".", "--clips", "1", "--size", "16", "--frames", "2", "--force");
        var parent = CliRunner.RunIn(dir.Path, "data", "synth", "--out", "..", "--clips", "1", "--size", "16", "--frames", "2", "--force");

        foreach (var r in new[] { here, parent })
        {
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("current directory", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("--force", r.Stderr, StringComparison.Ordinal);
        }
        Assert.Equal("mine", File.ReadAllText(dir.File("notes.txt")));
        Assert.Equal(1, ClipDataset.Open(dir.Path).Count);
    }

    [Theory]
    [InlineData("--size", "4", "--size must be in 8..4096")]
    [InlineData("--clips", "0", "--clips must be at least 1")]
    [InlineData("--frames", "0", "--frames must be in 1..1024")]
    public void Data_synth_rejects_bad_numbers_with_the_option_name(string option, string value, string message)
    {
        using var dir = new TempDir();
        var args = new List<string> { "data", "synth", "--out", Path.Combine(dir.Path, "x"), option, value };
        if (option != "--clips") args.AddRange(["--clips", "2"]);

        var r = CliRunner.Run([.. args]);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "x")));
    }
}
