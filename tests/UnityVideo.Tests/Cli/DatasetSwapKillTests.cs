using System.Diagnostics;
using UnityVideo.Core.Data;

namespace UnityVideo.Tests.Cli;

/// <summary>SIGKILL during <c>data synth --force</c>'s swap never leaves anything but one complete dataset.</summary>
public sealed class DatasetSwapKillTests
{
    private static readonly string[] Tiny = ["--size", "8", "--frames", "1", "--supersample", "1"];

    [Fact]
    public void Killing_data_synth_force_during_the_swap_leaves_one_complete_dataset_every_time()
    {
        using var dir = new TempDir();
        var target = dir.File("data");
        Assert.Equal(0, CliRunner.Run(["data", "synth", "--out", target, "--clips", "3", .. Tiny]).ExitCode);
        var complete = 3;
        var random = new Random(19);
        var killedBeforeExit = 0;

        for (var attempt = 0; attempt < 40 && killedBeforeExit < 20; attempt++)
        {
            var clips = complete == 3 ? 4 : 3; // old and new differ, so a mixture of both would show
            using var p = Start(["data", "synth", "--out", target, "--clips", $"{clips}", "--force", .. Tiny], $"synthesising clips: {clips}/{clips}", out var rendered);
            // All clips are rendered: what is left is the manifest, the swap, deleting the old dataset and exiting.
            Assert.True(rendered.Wait(TimeSpan.FromMinutes(2)), "data synth did not finish rendering");
            Thread.Sleep(random.Next(0, 25));
            if (!p.HasExited) { p.Kill(); killedBeforeExit++; }                            // SIGKILL: no handler runs
            p.WaitForExit();

            var found = AssertOneCompleteDataset(target);
            Assert.True(found == complete || found == clips, $"found {found} clips; expected the old {complete} or the new {clips}");
            complete = found;
        }
        Assert.True(killedBeforeExit >= 20, $"only {killedBeforeExit} of 40 runs were killed before they exited");

        // The next run cleans the hidden leftovers of the killed ones.
        Assert.Equal(0, CliRunner.Run(["data", "synth", "--out", target, "--clips", "2", "--force", .. Tiny]).ExitCode);
        Assert.Equal(2, AssertOneCompleteDataset(target));
        Assert.Equal([target], Directory.GetFileSystemEntries(dir.Path));
    }

    /// <summary>The folder holds exactly the clips its manifest lists, each readable; returns their number.</summary>
    private static int AssertOneCompleteDataset(string target)
    {
        var dataset = ClipDataset.Open(target);
        var listed = dataset.Entries.Select(e => e.File).Append(DatasetManifest.FileName).Order(StringComparer.Ordinal);
        Assert.Equal(listed, Directory.GetFileSystemEntries(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        for (var i = 0; i < dataset.Count; i++)
        {
            using var clip = dataset.Read(i);
            Assert.Equal(1, clip.Frames);
        }
        return dataset.Count;
    }

    private static Process Start(string[] args, string line, out ManualResetEventSlim seen)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(RepoPaths.Cli);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var signal = new ManualResetEventSlim();
        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, e) => { if (e.Data is null || e.Data.Contains(line, StringComparison.Ordinal)) signal.Set(); };
        p.OutputDataReceived += (_, _) => { };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        seen = signal;
        return p;
    }
}
