using UnityVideo.Core.Evaluation;
using UnityVideo.Host.Demo;

namespace UnityVideo.Tests.Host;

public sealed class DemoReportTests
{
    private static BenchmarkReport Report(double depthAbsRel, double otherClipAbsRel, double flowEpe, double zeroEpe) => new()
    {
        Checkpoint = "model.safetensors", Weights = "ema", Clips = 3,
        Estimation = new() { ["depth"] = new() { ["abs_rel"] = depthAbsRel }, ["flow"] = new() { ["epe"] = flowEpe } },
        Control = [], Joint = [], Video = [], VideoNotes = [],
        Baselines = new()
        {
            ["depth"] = new() { [Benchmark.OtherClipBaseline] = new() { ["abs_rel"] = otherClipAbsRel } },
            ["flow"] = new() { ["zero"] = new() { ["epe"] = zeroEpe } },
        },
    };

    [Fact]
    public void A_lead_within_the_margin_is_not_counted_as_the_model_being_better()
    {
        // The numbers of a demo whose depth estimate ignored the video: 0.1448 against 0.1454 from another clip's RGB.
        var tie = DemoReport.Compare(Report(0.1448, 0.1454, flowEpe: 0.2493, zeroEpe: 0.2287));
        Assert.False(tie.Single(c => c.Baseline == Benchmark.OtherClipBaseline).ModelBetter);
        Assert.False(tie.Single(c => c.Baseline == "zero").ModelBetter);

        var clear = DemoReport.Compare(Report(0.12, 0.1454, flowEpe: 0.50, zeroEpe: 0.87));
        Assert.True(clear.Single(c => c.Baseline == Benchmark.OtherClipBaseline).ModelBetter);
        Assert.True(clear.Single(c => c.Baseline == "zero").ModelBetter);
    }
}
