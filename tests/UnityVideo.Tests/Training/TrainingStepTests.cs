using TorchSharp;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Training;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Training;

public sealed class TrainingStepTests
{
    [Fact]
    public void A_step_averages_the_loss_over_its_micro_batches_and_reports_the_gradient_norm_before_clipping()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth);
        Randomize(model, 11);                                    // a fresh model's zero heads would give zero gradients to most weights
        using var reference = NewModel(cfg, Depth);
        reference.load_state_dict(model.state_dict());
        var options = new TrainerOptions { GradientAccumulation = 2, GradClip = 1e-3, EmaDecay = 0.5, PromptDropout = 0 };
        IReadOnlyList<TrainingStream> Streams(int micro) => FlowMatching.TaskStreams(DiffusionTask.JointGeneration,
            Video(2, 3, cfg, 20 + micro), Prompt(cfg, "a red box", 2), [("depth", Video(2, 1, cfg, 30 + micro), Prompt(cfg, "depth map", 2))]);
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

        var asked = new List<int>();
        using var step = new TrainingStep(model, options);
        using var g = new Generator(5, CPU);
        var result = step.Run(micro => { asked.Add(micro); return Streams(micro); }, 1e-3, g);

        // By hand on an identical copy: the two micro-batches' losses from the same noise draws, their mean's gradient norm.
        var flow = new FlowMatching(options.FlowMatching());
        using var g2 = new Generator(5, CPU);
        var l0 = flow.Loss(reference, Streams(0), g2).Loss;
        var l1 = flow.Loss(reference, Streams(1), g2).Loss;
        ((l0 + l1) / 2).backward();
        var expectedNorm = Math.Sqrt(reference.parameters().Where(p => p.grad is not null).Sum(p => p.grad!.to(float64).square().sum().item<double>()));

        Assert.Equal([0, 1], asked);
        Assert.True(result.Updated);
        Assert.Equal((l0.item<float>() + l1.item<float>()) / 2, result.Loss, 4);
        Assert.True(expectedNorm > 1e-2);                        // far above the clip limit, so clipping applied
        Assert.Equal(expectedNorm, result.GradNorm, 4);
        Assert.Equal(1, step.Optimizer.StepCount);
        Assert.Contains(model.named_parameters(), p => (p.parameter - before[p.name]).abs().max().item<float>() > 1e-4);
        Assert.All(model.parameters(), p => Assert.Null(p.grad));  // gradients are released after the update
    }

    [Fact]
    public void A_NaN_loss_leaves_the_weights_the_optimizer_and_the_average_untouched()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth);
        Randomize(model, 12);
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        using var step = new TrainingStep(model, new TrainerOptions { EmaDecay = 0.5 });
        var poisoned = full([2, 1, cfg.Frames, cfg.Height, cfg.Width], double.NaN, float32); // [B, 1, T, H, W]

        var result = step.Run(_ => FlowMatching.TaskStreams(DiffusionTask.Estimation, Video(2, 3, cfg, 1), null, [("depth", poisoned, null)]), 1e-3);

        Assert.False(result.Updated);
        Assert.True(double.IsNaN(result.Loss));
        Assert.Equal(0, step.Optimizer.StepCount);
        Assert.All(model.named_parameters(), p => Assert.True((p.parameter == before[p.name]).all().item<bool>()));
        Assert.All(step.Ema!.State(), s => Assert.True((s.Tensor == before[s.Name]).all().item<bool>()));
        Assert.All(step.Optimizer.State(), s => Assert.Equal(0, s.Tensor.abs().sum().item<float>()));
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
    }
}
