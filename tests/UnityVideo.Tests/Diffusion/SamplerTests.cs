using TorchSharp;
using UnityVideo.Core.Diffusion;
using Xunit.Abstractions;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Diffusion;

public sealed class SamplerTests(ITestOutputHelper output)
{
    private const double Mu = 1.5;
    private const double Sigma = 0.5;

    /// <summary>
    /// The exact marginal velocity of the path x_t = (1 − t)x₀ + tε for x₀ ~ N(μ, σ²):
    /// with a = 1 − t and V = a²σ² + t², v(x, t) = E[ε − x₀ | x_t = x] = (t − aσ²)/V · (x − aμ) − μ.
    /// Its ODE carries x₁ = ε to x₀ = μ + σε exactly.
    /// </summary>
    private static IReadOnlyList<Tensor> GaussianVelocity(IReadOnlyList<Tensor> states, IReadOnlyList<Tensor> times)
    {
        var x = states[0].to(float64);
        var t = times[0].to(float64).view(-1, 1);
        var a = 1.0 - t;
        var variance = a * a * (Sigma * Sigma) + t * t;
        return [((t - a * (Sigma * Sigma)) / variance * (x - a * Mu) - Mu).to(float32)];
    }

    private (double Error, double Mean, double Std) Run(SamplerKind kind, int steps, double shift)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(17, CPU);
        var eps = randn([8192, 1], float32, CPU, generator: g);
        var x0 = FlowSampler.Integrate(GaussianVelocity, [eps], [false], new SamplerOptions { Sampler = kind, Steps = steps, Shift = shift })[0];
        var exact = eps * Sigma + Mu;
        // Statistics are compared with those of the exact end points, so the finite-sample noise of ε cancels.
        var result = ((x0 - exact).abs().max().item<float>(), (x0.mean() - exact.mean()).item<float>() + Mu, (x0.std() - exact.std()).item<float>() + Sigma);
        output.WriteLine($"{kind} {steps} steps shift {shift}: max |x − exact| = {result.Item1:E2}, mean {result.Item2:F4}, std {result.Item3:F4}");
        return result;
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void Euler_and_Heun_reach_a_known_gaussian_and_heun_is_more_accurate(double shift)
    {
        var euler = Run(SamplerKind.Euler, 24, shift);
        var heun = Run(SamplerKind.Heun, 24, shift);

        Assert.InRange(euler.Mean, Mu - 0.02, Mu + 0.02);
        Assert.InRange(euler.Std, Sigma - 0.08, Sigma + 0.08);
        // Heun's last step, to t = 0, is an Euler step. Shift 3 makes the grid's steps widest near t = 0 (the last spans
        // 0.115 → 0), so there Heun gains less over Euler than at shift 1 (max error 0.056 against 0.207; 0.0052 against 0.108).
        var (stdTolerance, gain) = shift == 1.0 ? (0.01, 5.0) : (0.02, 3.0);
        Assert.InRange(heun.Mean, Mu - 0.005, Mu + 0.005);
        Assert.InRange(heun.Std, Sigma - stdTolerance, Sigma + stdTolerance);
        Assert.True(heun.Error < euler.Error / gain, $"Heun error {heun.Error:E2} vs Euler {euler.Error:E2}");
        Assert.True(Run(SamplerKind.Euler, 96, shift).Error < euler.Error / 2); // Euler converges with steps
    }

    /// <summary>
    /// The exact velocity toward one data point c, v = (x − c) / t: it has no value at t = 0, as a model predicting the
    /// clean clip has none there (it divides by t), and it was never trained at t = 0.
    /// </summary>
    private static IReadOnlyList<Tensor> TowardPoint(IReadOnlyList<Tensor> states, IReadOnlyList<Tensor> times)
    {
        if (times[0].le(0).any().item<bool>()) throw new InvalidOperationException("the field was asked for its velocity at t = 0");
        return [(states[0] - 0.75f) / times[0].view(-1, 1)];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Heun_never_asks_the_model_at_t_zero_and_reaches_the_data_like_euler(int steps)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(5, CPU);
        var noise = randn([64, 1], float32, CPU, generator: g);

        var euler = FlowSampler.Integrate(TowardPoint, [noise], [false], new SamplerOptions { Sampler = SamplerKind.Euler, Steps = steps, Shift = 3 })[0];
        var heun = FlowSampler.Integrate(TowardPoint, [noise], [false], new SamplerOptions { Sampler = SamplerKind.Heun, Steps = steps, Shift = 3 })[0];

        Assert.True((euler - 0.75f).abs().max().item<float>() < 1e-5);
        Assert.True((heun - 0.75f).abs().max().item<float>() < 1e-5);
        if (steps == 1) Assert.Equal(0.0, MaxAbsDiff(heun, euler)); // a one-step estimate is the same with either solver
    }

    [Fact]
    public void Schedule_runs_from_noise_to_data_and_the_shift_lingers_at_high_noise()
    {
        var plain = FlowSampler.Schedule(10, 1.0);
        var shifted = FlowSampler.Schedule(10, 3.0);
        Assert.Equal(1.0, plain[0], 12);
        Assert.Equal(0.0, plain[^1], 12);
        Assert.Equal(0.5, plain[5], 12);
        Assert.Equal(0.75, shifted[5], 12);
        Assert.True(shifted.Zip(shifted.Skip(1)).All(p => p.First > p.Second));
    }

    [Fact]
    public void Sampling_is_reproducible_from_a_seed_and_keeps_given_streams()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth);
        Randomize(model, 2, 0.05);
        var depth = Video(2, 1, cfg, 5);
        var options = new SamplerOptions { Sampler = SamplerKind.Heun, Steps = 3, CfgScale = 2 };
        IReadOnlyList<Tensor> Conditional(ulong seed)
        {
            using var g = new Generator(seed, CPU);
            return FlowSampler.Sample(model, [SampleStream.Generate("rgb", [2, 3, cfg.Frames, cfg.Height, cfg.Width], Prompt(cfg, "a red box", 2)), SampleStream.Given("depth", depth, Prompt(cfg, "depth map", 2))], options, g);
        }

        var a = Conditional(1);
        var b = Conditional(1);
        var c = Conditional(2);

        Assert.Equal(0.0, MaxAbsDiff(a[0], b[0]));
        Assert.True(MaxAbsDiff(a[0], c[0]) > 1e-3);
        Assert.Equal(0.0, MaxAbsDiff(a[1], depth)); // the condition comes back untouched
        Assert.True(a[0].isfinite().all().item<bool>());
    }

    [Fact]
    public void Estimation_and_joint_generation_sample_the_noised_streams_only()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth, Flow);
        Randomize(model, 4, 0.05);
        var rgb = Video(1, 3, cfg, 5);
        using var g = new Generator(3, CPU);
        var options = new SamplerOptions { Steps = 2 };

        var estimated = FlowSampler.Sample(model, [SampleStream.Given("rgb", rgb), SampleStream.Generate("depth", [1, 1, cfg.Frames, cfg.Height, cfg.Width], Prompt(cfg, "depth map", 1))], options, g);
        var joint = FlowSampler.Sample(model, [
            SampleStream.Generate("rgb", [1, 3, cfg.Frames, cfg.Height, cfg.Width], Prompt(cfg, "a person", 1)),
            SampleStream.Generate("depth", [1, 1, cfg.Frames, cfg.Height, cfg.Width], Prompt(cfg, "depth map", 1)),
            SampleStream.Generate("flow", [1, 2, cfg.Frames, cfg.Height, cfg.Width], Prompt(cfg, "optical flow", 1)),
        ], options, g);

        Assert.Equal(0.0, MaxAbsDiff(estimated[0], rgb));
        Assert.Equal([1L, 1, cfg.Frames, cfg.Height, cfg.Width], estimated[1].shape);
        Assert.Equal(3, joint.Count);
        Assert.Equal([1L, 2, cfg.Frames, cfg.Height, cfg.Width], joint[2].shape);
    }

    [Fact]
    public void Guidance_scale_one_is_plain_conditional_sampling_and_other_scales_differ()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth);
        Randomize(model, 6, 0.05);
        Tensor Rgb(double scale)
        {
            using var g = new Generator(9, CPU);
            return FlowSampler.Sample(model, [
                SampleStream.Generate("rgb", [1, 3, cfg.Frames, cfg.Height, cfg.Width], Prompt(cfg, "a red box", 1)),
                SampleStream.Given("depth", Video(1, 1, cfg, 3), Prompt(cfg, "depth map", 1)),
            ], new SamplerOptions { Steps = 2, CfgScale = scale }, g)[0];
        }

        var guided1 = Rgb(1.0);
        var guided4 = Rgb(4.0);
        var unguided0 = Rgb(0.0); // scale 0 = the unconditional (null-context) prediction

        Assert.True(MaxAbsDiff(guided1, guided4) > 1e-3);
        Assert.True(MaxAbsDiff(guided1, unguided0) > 1e-3);
    }
}
