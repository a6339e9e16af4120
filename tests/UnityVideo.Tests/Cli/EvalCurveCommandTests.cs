using System.Text.Json;
using ImageMagick;
using UnityVideo.Core.Evaluation;
using UnityVideo.Core.Training;
using UnityVideo.Tests.Host;
using UnityVideo.Tests.Training;

namespace UnityVideo.Tests.Cli;

public sealed class EvalCurveCommandTests
{
    /// <summary>A depth + flow run of 3 steps that keeps the checkpoints of steps 1, 2 and 3.</summary>
    private static (string Run, string Data) TrainedRun(TempDir dir)
    {
        var data = TrainingTestKit.Dataset(dir.File("data"), clips: 3);
        var registry = HostFactory.Start().Catalog.All.Subset(["depth", "flow"]);
        new Trainer(TrainingTestKit.Config(), registry, TrainingTestKit.Options(3, checkpointEvery: 1), cacheBytes: 0)
            .Run(TrainingTestKit.Request(data, dir.File("run")));
        return (dir.File("run"), data);
    }

    [Fact]
    public void Curve_scores_the_chosen_checkpoints_as_eval_does_and_plots_each_modality()
    {
        using var dir = new TempDir();
        var (run, data) = TrainedRun(dir);
        var curve = dir.File("curve");

        var r = CliRunner.Run("eval", "curve", "--run", run, "--data", data, "--out", curve, "--at", "1,3", "--clips", "1", "--steps", "1", "--format", "gif");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("evaluating 2 checkpoints (steps 1, 3) on 1 clips each", r.Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(curve, LearningCurve.JsonFile)));
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal([1, 3], points.Select(p => p.GetProperty("step").GetInt32()));
        Assert.All(points, p => Assert.True(p.GetProperty("training_seconds").GetDouble() > 0));
        Assert.Equal("abs_rel", json.RootElement.GetProperty("primary_metrics").GetProperty("depth").GetString());

        // Each point is the checkpoint's own UniBench: a plain eval of step 1 scores the same, also without panels.
        var single = CliRunner.Run("eval", "--checkpoint", Path.Combine(run, "checkpoints", "step-000001.safetensors"), "--data", data,
            "--out", dir.File("single"), "--clips", "1", "--steps", "1", "--panels", "0", "--device", "cpu");
        Assert.True(single.ExitCode == 0, single.Stderr);
        Assert.Contains("wrote 0 panels", single.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("single/panels")));
        Assert.True(File.Exists(Path.Combine(curve, "step-000001", "panels", "clip-000-joint.gif")));
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("single/report.json")));
        double AbsRel(JsonElement e) => e.GetProperty("estimation").GetProperty("depth").GetProperty("abs_rel").GetDouble();
        Assert.Equal(AbsRel(report.RootElement), AbsRel(points[0]));
        using var last = JsonDocument.Parse(File.ReadAllText(Path.Combine(curve, "step-000003", "report.json")));
        Assert.Equal(3, last.RootElement.GetProperty("step").GetInt32()); // the second point's weights are step 3's
        foreach (var m in new[] { "depth", "flow" })
        {
            using var png = new MagickImage(Path.Combine(curve, LearningCurve.PlotFile(m)));
            Assert.Equal((800u, 480u), (png.Width, png.Height));
        }
        var md = File.ReadAllText(Path.Combine(curve, LearningCurve.MarkdownFile));
        Assert.Contains("## depth (abs_rel)", md, StringComparison.Ordinal);
        Assert.Contains("## flow (epe)", md, StringComparison.Ordinal);
        Assert.Contains("[step-000003](step-000003/report.md)", md, StringComparison.Ordinal);

        var again = CliRunner.Run("eval", "curve", "--run", run, "--data", data, "--out", curve, "--at", "1", "--clips", "1", "--steps", "1", "--format", "gif");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("exists; choose another --out folder or add --force", again.Stderr, StringComparison.Ordinal);

        var missing = CliRunner.Run("eval", "curve", "--run", run, "--data", data, "--out", dir.File("other"), "--at", "5");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("--at: the run keeps no checkpoint of step 5 (it keeps steps 1, 2, 3)", missing.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("other")));

        var notRun = CliRunner.Run("eval", "curve", "--run", data, "--data", data, "--out", dir.File("other"));
        Assert.Equal(1, notRun.ExitCode);
        Assert.Contains("is not a training run", notRun.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_training_time_picks_the_checkpoint_nearest_to_it_and_steps_pick_themselves()
    {
        RunCheckpoint C(int step, double? seconds) => new(step, $"step-{step:D6}.safetensors", seconds);
        var kept = new[] { C(250, 240), C(500, 500), C(750, 760), C(1000, 1010) };

        Assert.Equal([250, 750], RunCheckpoints.Select(kept, ["4m", "12.5m"]).Select(c => c.Step));
        Assert.Equal([1000], RunCheckpoints.Select(kept, ["1h"]).Select(c => c.Step)); // past the end: the last
        Assert.Equal([500, 1000], RunCheckpoints.Select(kept, ["1000", "500", "500"]).Select(c => c.Step)); // sorted, each once
        Assert.Equal(kept.Select(c => c.Step), RunCheckpoints.Select(kept, []).Select(c => c.Step));

        Assert.Contains("neither a step", Assert.Throws<ArgumentException>(() => RunCheckpoints.Select(kept, ["abc"])).Message, StringComparison.Ordinal);
        Assert.Contains("not a training time", Assert.Throws<ArgumentException>(() => RunCheckpoints.Select(kept, ["-5m"])).Message, StringComparison.Ordinal);
        var untimed = new[] { C(10, null) };
        Assert.Contains("does not cover", Assert.Throws<ArgumentException>(() => RunCheckpoints.Select(untimed, ["1m"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_curve_plot_labels_each_point_with_its_step_and_training_time_without_overlapping_labels()
    {
        RunCheckpoint C(int step, double? seconds) => new(step, $"step-{step:D6}.safetensors", seconds);

        // 800 px wide: steps 250 and 500 lie about 18 px apart on a 6,750-step axis, too close for two labels.
        var ticks = LearningCurvePlot.StepTicks([C(250, 150), C(500, 300), C(1750, 1800), C(3500, 3600), C(7000, 7260)], 800);
        Assert.Equal([250, 1750, 3500, 7000], ticks.Select(t => t.Step));
        Assert.Equal("1750\n0:30", ticks[1].Label);
        Assert.Equal("7000\n2:01", ticks[3].Label);

        // The last point keeps its label over a close neighbour.
        Assert.Equal([1000, 6500], LearningCurvePlot.StepTicks([C(1000, 600), C(6000, 3600), C(6500, 3900)], 800).Select(t => t.Step));

        // A point without a training time: the axis numbers itself.
        Assert.Empty(LearningCurvePlot.StepTicks([C(250, 150), C(500, null)], 800));
    }
}
