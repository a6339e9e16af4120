using System.Diagnostics;
using UnityVideo.Core.IO;
using UnityVideo.Core.Training;
using UnityVideo.Tests.Training;

namespace UnityVideo.Tests.Cli;

public sealed partial class TrainCommandTests(TrainingDataFixture fixture) : IClassFixture<TrainingDataFixture>
{
    private readonly string data = fixture.Data;

    /// <summary>An experiment with a ~50 k-parameter model at the fixture's clip size (4 frames of 16²).</summary>
    private static string Experiment(TempDir dir, int checkpointEvery = 2)
    {
        var path = dir.File("exp.json");
        File.WriteAllText(path, $$"""
            {
              "Modalities": { "Enabled": [ "depth", "flow" ] },
              "Model": {
                "Preset": "test",
                "Presets": { "test": { "HiddenSize": 32, "Depth": 1, "Heads": 2, "MlpRatio": 2, "PatchSize": 4, "Frames": 4, "Height": 16, "Width": 16,
                                       "TextDim": 16, "TextLayers": 1, "TextHeads": 2, "MaxPromptTokens": 8, "TextBuckets": 128 } }
              },
              "Training": { "BatchSize": 2, "WarmupSteps": 2, "CheckpointEvery": {{checkpointEvery}}, "KeepCheckpoints": 2, "Seed": 3 }
            }
            """);
        return path;
    }

    [Fact]
    public void Train_writes_a_run_refuses_to_overwrite_it_resumes_up_to_the_total_and_checks_the_configuration()
    {
        using var dir = new TempDir();
        var exp = Experiment(dir);
        var run = dir.File("run");

        var first = CliRunner.Run("train", "--data", data, "--out", run, "--config", exp, "--steps", "3");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("trained at step 3/3", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("step 3/3 [", first.Stderr, StringComparison.Ordinal);       // plain progress lines when redirected
        foreach (var f in new[] { "config.json", "metrics.jsonl", "loss.png", "model.safetensors", "checkpoints/step-000003.safetensors" })
            Assert.True(File.Exists(Path.Combine(run, f)), f);

        var again = CliRunner.Run("train", "--data", data, "--out", run, "--config", exp, "--steps", "3");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already holds a training run (newest checkpoint: step 3)", again.Stderr, StringComparison.Ordinal);

        var more = CliRunner.Run("train", "--data", data, "--out", run, "--config", exp, "--steps", "5", "--resume");
        Assert.True(more.ExitCode == 0, more.Stderr);
        Assert.Contains("resumed from", more.Stderr, StringComparison.Ordinal);
        Assert.Contains("trained at step 5/5", more.Stdout, StringComparison.Ordinal);
        Assert.Equal(5, File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Length);

        var changed = CliRunner.Run("train", "--data", data, "--out", run, "--config", exp, "--steps", "6", "--resume", "--set", "Training:LearningRate=0.01");
        Assert.Equal(1, changed.ExitCode);
        Assert.Contains("different configuration", changed.Stderr, StringComparison.Ordinal);
        Assert.Contains("training.LearningRate", changed.Stderr, StringComparison.Ordinal);

        var forced = CliRunner.Run("train", "--data", data, "--out", run, "--config", exp, "--steps", "6", "--resume", "--force", "--set", "Training:LearningRate=0.01");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Contains("trained at step 6/6", forced.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refuses_a_dataset_of_another_clip_size_naming_it_and_both_sizes()
    {
        using var dir = new TempDir();

        var r = CliRunner.Run("train", "--data", data, "--out", dir.File("run"), "--preset", "tiny", "--steps", "2");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"error: Dataset '{data}' has clips of 4 frames of 16x16", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("the model trains on 8 frames of 32x32", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Sigterm_saves_a_checkpoint_and_exits_cleanly()
    {
        using var dir = new TempDir();
        var run = dir.File("run");
        using var p = Start(dir.Path, "train", "--data", data, "--out", run, "--config", Experiment(dir, checkpointEvery: 1000), "--steps", "2000");
        WaitForSteps(p, run, 2);

        Assert.Equal(0, Kill(p.Id, 15));                                                  // SIGTERM
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(1)));
        var stdout = p.StandardOutput.ReadToEnd();

        Assert.Equal(0, p.ExitCode);
        var m = StoppedAt().Match(stdout);
        Assert.True(m.Success, $"exit {p.ExitCode}\n{stdout}\n{Stderr}");
        var step = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(step, 2, 1999);
        Assert.Equal(step, TrainingCheckpoint.ReadState(Path.Combine(run, "checkpoints", CheckpointStore.FileName(step))).Step);
        Assert.Contains("--resume", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Killing_training_with_SIGKILL_at_random_points_never_leaves_an_unreadable_checkpoint_and_resuming_finishes_the_same_run()
    {
        using var dir = new TempDir();
        var exp = Experiment(dir, checkpointEvery: 2);
        var run = dir.File("run");
        // Kills land within the first ~30 steps; the rest keeps the run from finishing before a kill however fast a step is.
        const int steps = 120;
        var random = new Random(2024);
        string[] args = ["train", "--data", data, "--out", run, "--config", exp, "--steps", $"{steps}", "--resume"];

        for (var kill = 0; kill < 4; kill++)
        {
            using var p = Start(dir.Path, args);
            // Let it get somewhere (a few more steps), then kill it at a random moment within a step or a checkpoint write.
            WaitForSteps(p, run, Math.Min(30, Lines(run) + random.Next(1, 6)));
            Thread.Sleep(random.Next(0, 120));
            p.Kill();                                                                      // SIGKILL: no handler runs
            p.WaitForExit();
            Assert.True(Lines(run) < steps, "the run finished before it was killed");

            foreach (var (step, path) in new CheckpointStore(Path.Combine(run, "checkpoints")).List())
            {
                Assert.Equal(step, TrainingCheckpoint.ReadState(path).Step);
                using var reader = SafetensorsReader.Open(path);
                foreach (var name in reader.Tensors.Keys) Assert.Equal(reader.Tensors[name].End - reader.Tensors[name].Begin, reader.ReadBytes(name).LongLength);
            }
        }

        var finish = CliRunner.Run(args);
        Assert.True(finish.ExitCode == 0, finish.Stderr);
        Assert.Contains($"trained at step {steps}/{steps}", finish.Stdout, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, steps), File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => System.Text.Json.JsonSerializer.Deserialize<TrainingMetric>(l)!.Step));

        // The interrupted run ends with exactly the weights of an uninterrupted one.
        var straight = CliRunner.Run("train", "--data", data, "--out", dir.File("straight"), "--config", exp, "--steps", $"{steps}");
        Assert.True(straight.ExitCode == 0, straight.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.File("straight"), "model.safetensors")), File.ReadAllBytes(Path.Combine(run, "model.safetensors")));
    }

    private static Process Start(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(RepoPaths.Cli);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("UNITYVIDEO__", StringComparison.OrdinalIgnoreCase)).ToList()) psi.Environment.Remove(key);
        var p = Process.Start(psi)!;
        p.ErrorDataReceived += (_, e) => { lock (Stderr) Stderr.AppendLine(e.Data); };
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>Standard error of the processes started by <see cref="Start"/> (for failure messages).</summary>
    private static readonly System.Text.StringBuilder Stderr = new();

    private static int Lines(string run)
    {
        var path = Path.Combine(run, "metrics.jsonl");
        if (!File.Exists(path)) return 0;
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var r = new StreamReader(s);
        return r.ReadToEnd().Count(c => c == '\n');
    }

    private static void WaitForSteps(Process p, string run, int steps)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (Lines(run) < steps && !p.HasExited)
        {
            if (DateTime.UtcNow > deadline) { p.Kill(); throw new TimeoutException($"training did not reach step {steps}"); }
            Thread.Sleep(25);
        }
    }

    private static int Kill(int pid, int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", $"{pid}"]);
        kill.WaitForExit();
        return kill.ExitCode;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"stopped at step (\d+)/2000")]
    private static partial System.Text.RegularExpressions.Regex StoppedAt();
}
