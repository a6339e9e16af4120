using UnityVideo.Core.Model;
using UnityVideo.Host.Demo;

namespace UnityVideo.Tests.Demo;

public sealed class NormalsDemoStepsTests
{
    [Theory]
    [InlineData(2, 100)]   // the demo's default batch, as the section was measured
    [InlineData(8, 25)]
    [InlineData(3, 66)]
    [InlineData(1000, 1)]  // never zero steps
    public void Without_a_step_count_each_normals_run_sees_the_same_clips_whatever_the_batch(int clipsPerStep, int steps) =>
        Assert.Equal(steps, NormalsDemo.StepsFor(new DemoRequest { OutputDirectory = "unused" }, clipsPerStep));

    [Fact]
    public void The_normals_budget_grows_when_the_shipped_model_has_finer_tokens_than_the_demo_model()
    {
        // The tiny preset's sizes: 8 frames of 32², patch 4.
        DiTConfig Tiny(int temporalPatch) => new()
        {
            HiddenSize = 128, Depth = 4, Heads = 4, MlpRatio = 4, PatchSize = 4, TemporalPatch = temporalPatch, Frames = 8, Height = 32, Width = 32,
            TextDim = 128, TextLayers = 2, TextHeads = 4, MaxPromptTokens = 32,
        };
        Assert.Equal(1, NormalsDemo.CostRatio(Tiny(4), Tiny(4)), 12);
        // One-frame tokens (the shipped model) are 4× as many: every per-token product 4×, attention 16×, the
        // prompt's encoder alike.
        Assert.InRange(NormalsDemo.CostRatio(Tiny(1), Tiny(4)), 4.0, 8.0);
        Assert.InRange(NormalsDemo.CostRatio(Tiny(4), Tiny(1)), 1 / 8.0, 1 / 4.0);
    }

    [Fact]
    public void An_asked_step_count_wins_over_the_batch() =>
        Assert.Equal(7, NormalsDemo.StepsFor(new DemoRequest { OutputDirectory = "unused", NormalsSteps = 7 }, 2));
}
