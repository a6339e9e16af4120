using TorchSharp;
using UnityVideo.Core.Diffusion;
using Xunit.Abstractions;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Diffusion;

public sealed class OverfitTests(ITestOutputHelper output)
{
    /// <summary>
    /// The real objective (fresh t and ε every step), one clip: the loss on a fixed evaluation set of
    /// (t, ε) draws must fall at least 10× — the model memorises the clip and the task's conditioning works.
    /// </summary>
    [Theory]
    [InlineData(DiffusionTask.ConditionalGeneration)]
    [InlineData(DiffusionTask.Estimation)]
    [InlineData(DiffusionTask.JointGeneration)]
    public void A_tiny_model_overfits_one_clip(DiffusionTask task)
    {
        const int maxSteps = 700;
        var cfg = TestConfig();
        using var model = NewModel(cfg, Depth);
        var fm = new FlowMatching(new FlowMatchingOptions { PromptDropout = 0 });
        using var opt = optim.AdamW(model.parameters(), 3e-3, weight_decay: 0);
        var (rgb, depth) = DiffusionTestKit.Clip(cfg, 4);
        var (rgbEval, depthEval) = DiffusionTestKit.Clip(cfg, 16);
        double Eval()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var g = new Generator(99, CPU);
            return fm.Loss(model, DiffusionTestKit.Streams(task, rgbEval, depthEval, cfg), g).Loss.item<float>();
        }

        var initial = Eval();
        var current = initial;
        using var gen = new Generator(1, CPU);
        var step = 0;
        while (step < maxSteps && current > initial / 10)
        {
            using (var scope = NewDisposeScope())
            {
                opt.zero_grad();
                fm.Loss(model, DiffusionTestKit.Streams(task, rgb, depth, cfg), gen).Loss.backward();
                opt.step();
            }
            if (++step % 25 == 0) current = Eval();
        }

        output.WriteLine($"{task}: loss {initial:F4} → {current:F4} ({initial / current:F1}×) in {step} steps");
        Assert.True(current <= initial / 10, $"{task}: loss {initial:F4} → {current:F4} after {step} steps");
    }
}
