using UnityVideo.Core.IO;
using UnityVideo.Tests.Training;

namespace UnityVideo.Tests.Cli;

/// <summary>A run folder belongs to one process at a time, and --force replaces only a run.</summary>
public sealed class TrainRunGuardTests(TrainingDataFixture fixture) : IClassFixture<TrainingDataFixture>
{
    private readonly string data = fixture.Data;

    private static string Experiment(TempDir dir)
    {
        var path = dir.File("exp.json");
        File.WriteAllText(path, """
            {
              "Modalities": { "Enabled": [ "depth" ] },
              "Model": {
                "Preset": "test",
                "Presets": { "test": { "HiddenSize": 16, "Depth": 1, "Heads": 2, "MlpRatio": 2, "PatchSize": 4, "Frames": 4, "Height": 16, "Width": 16,
                                       "TextDim": 16, "TextLayers": 1, "TextHeads": 2, "MaxPromptTokens": 8, "TextBuckets": 64 } }
              },
              "Training": { "BatchSize": 1, "WarmupSteps": 1, "CheckpointEvery": 2, "KeepCheckpoints": 1, "Seed": 3 }
            }
            """);
        return path;
    }

    [Fact]
    public void A_second_train_on_the_same_folder_gets_one_clear_error_and_a_stale_lock_blocks_nothing()
    {
        using var dir = new TempDir();
        var run = dir.File("run");
        string[] args = ["train", "--data", data, "--out", run, "--config", Experiment(dir), "--steps", "2"];

        using (RunLock.Acquire(run)) // another process (here: this one) is training there
        {
            var second = CliRunner.Run(args);
            Assert.Equal(1, second.ExitCode);
            Assert.Equal($"error: {run} is in use by another unityvideo process (it holds {RunLock.FileName}); wait for it to finish or choose another --out.", second.Stderr.Trim());
            Assert.False(File.Exists(Path.Combine(run, "metrics.jsonl")));
        }

        // The lock file is still there, as after a crash; nobody holds it, so it blocks nothing.
        Assert.True(File.Exists(Path.Combine(run, RunLock.FileName)));
        var r = CliRunner.Run(args);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("trained at step 2/2", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_interrupted_before_its_first_step_does_not_block_a_plain_rerun()
    {
        using var dir = new TempDir();
        var run = Directory.CreateDirectory(dir.File("run")).FullName;
        // What Ctrl+C before step 1 leaves ("stopped at step 0/N"): the resolved configuration and an empty metrics log.
        File.WriteAllText(Path.Combine(run, "config.json"), "{}");
        File.WriteAllText(Path.Combine(run, "metrics.jsonl"), "");

        var r = CliRunner.Run("train", "--data", data, "--out", run, "--config", Experiment(dir), "--steps", "1");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Single(File.ReadAllLines(Path.Combine(run, "metrics.jsonl")));
    }

    [Fact]
    public void Force_replaces_only_a_run_never_the_current_directory_nor_the_dataset()
    {
        using var dir = new TempDir();
        var exp = Experiment(dir);
        var mine = Directory.CreateDirectory(dir.File("mine")).FullName;
        File.WriteAllText(Path.Combine(mine, "model.safetensors"), "my own model");
        var cwdRun = Directory.CreateDirectory(dir.File("here")).FullName;
        File.WriteAllText(Path.Combine(cwdRun, "metrics.jsonl"), "{}\n");

        var notARun = CliRunner.Run("train", "--data", data, "--out", mine, "--config", exp, "--steps", "1", "--force");
        var here = CliRunner.RunIn(cwdRun, "train", "--data", data, "--out", ".", "--config", exp, "--steps", "1", "--force");
        var hereUnforced = CliRunner.RunIn(cwdRun, "train", "--data", data, "--out", ".", "--config", exp, "--steps", "1");
        var intoData = CliRunner.Run("train", "--data", data, "--out", data, "--config", exp, "--steps", "1");

        Assert.Equal(1, notARun.ExitCode);
        Assert.Contains("holds no training run this project wrote", notARun.Stderr, StringComparison.Ordinal);
        Assert.Equal("my own model", File.ReadAllText(Path.Combine(mine, "model.safetensors")));
        Assert.Equal(1, here.ExitCode);
        Assert.Contains("current directory", here.Stderr, StringComparison.Ordinal);
        Assert.Equal("{}\n", File.ReadAllText(Path.Combine(cwdRun, "metrics.jsonl")));
        Assert.Equal(1, intoData.ExitCode);
        Assert.Contains("holds the dataset", intoData.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, hereUnforced.ExitCode);
        Assert.Contains("resume it (--resume), or train into another --out", hereUnforced.Stderr, StringComparison.Ordinal);
        foreach (var r in new[] { notARun, here, hereUnforced, intoData })
        {
            Assert.DoesNotContain("--force", r.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("force a fresh start", r.Stderr, StringComparison.Ordinal);
        }
    }
}
