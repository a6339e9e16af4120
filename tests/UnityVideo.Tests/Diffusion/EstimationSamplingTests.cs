using TorchSharp;
using UnityVideo.Core.Diffusion;
using Xunit.Abstractions;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Diffusion;

public sealed class EstimationSamplingTests(ITestOutputHelper output)
{
    /// <summary>
    /// Two clips whose depth differs (one is the other upside down), trained on the estimation task together: sampling
    /// the depth from each clip's RGB must land near that clip's depth, not the other's and not their average — the
    /// sampler feeds the clean RGB to the model the way training does.
    /// </summary>
    [Fact]
    public void Estimation_samples_follow_the_rgb_they_are_given()
    {
        var cfg = TestConfig();
        using var model = NewModel(cfg, Depth);
        var fm = new FlowMatching(new FlowMatchingOptions { PromptDropout = 0 });
        using var opt = optim.AdamW(model.parameters(), 3e-3, weight_decay: 0);
        var (rgbA, depthA) = DiffusionTestKit.Clip(cfg, 1);
        var (rgbB, depthB) = (rgbA.flip(3), depthA.flip(3));                                 // upside down: [1, C, T, H, W]
        var rgb = cat([rgbA, rgbB, rgbA, rgbB], 0);
        var depth = cat([depthA, depthB, depthA, depthB], 0);
        using var gen = new Generator(1, CPU);
        for (var step = 0; step < 400; step++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            fm.Loss(model, DiffusionTestKit.Streams(DiffusionTask.Estimation, rgb, depth, cfg), gen).Loss.backward();
            opt.step();
        }

        model.eval();
        double Mse(Tensor a, Tensor b) => (a - b).square().mean().item<float>();
        Tensor Estimate(Tensor clip) => FlowSampler.Sample(model,
            [SampleStream.Given("rgb", clip, Prompt(cfg, "a white disc moves right", 1)), SampleStream.Generate("depth", depthA.shape, Prompt(cfg, "depth map", 1))],
            new SamplerOptions { Steps = 10 }, seed: 5)[1];
        using var estA = Estimate(rgbA);
        using var estB = Estimate(rgbB);
        var own = (Mse(estA, depthA) + Mse(estB, depthB)) / 2;
        var other = (Mse(estA, depthB) + Mse(estB, depthA)) / 2;
        var average = (Mse(estA, (depthA + depthB) / 2) + Mse(estB, (depthA + depthB) / 2)) / 2;
        output.WriteLine($"MSE to own depth {own:F4}, to the other clip's {other:F4}, to the average {average:F4}");
        Assert.True(own < other / 4, $"estimates are not tied to their RGB: own {own:F4}, other {other:F4}");
        Assert.True(own < average / 2, $"estimates collapse to the average: own {own:F4}, average {average:F4}");
    }
}
