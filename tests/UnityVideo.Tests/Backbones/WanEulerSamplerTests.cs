using UnityVideo.Core.Backbones.Wan;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// The Wan flow-matching Euler sampler lands where the closed form says: a constant velocity c carries noise x₁ to
/// x₁ − c whatever the schedule; guidance mixes the two contexts' velocities; the shift moves the noise levels as
/// σ' = s·σ / (1 + (s − 1)·σ).
/// </summary>
[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class WanEulerSamplerTests
{
    private static Tensor Noise() { manual_seed(4); return randn([1, 4, 2, 4, 4]); }

    [Fact]
    public void A_constant_velocity_with_shift_1_lands_at_noise_minus_velocity_and_sees_uniform_timesteps()
    {
        using var noise = Noise();
        using var context = zeros(1, 3, 24);
        var seen = new List<float>();
        WanEulerSampler.VelocityModel model = (x, t, _) => { seen.Add(t[0].item<float>()); return full_like(x, 0.75); };

        using var result = WanEulerSampler.Sample(model, noise, context, null, new WanSamplerOptions(Steps: 8, Shift: 1, GuidanceScale: 1));

        using var expected = noise - 0.75;
        Assert.True(WanLoraTiny.MaxAbsDiff(result, expected) <= 1e-5);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => 1000f * (1 - i / 8f)), seen);
    }

    [Fact]
    public void Guidance_extrapolates_from_the_unconditional_towards_the_conditional_velocity()
    {
        using var noise = Noise();
        using var cond = ones(1, 3, 24);
        using var uncond = zeros(1, 3, 24);
        var calls = 0;
        WanEulerSampler.VelocityModel model = (x, _, ctx) =>
        {
            calls++;
            return full_like(x, ReferenceEquals(ctx, cond) ? 0.5 : -0.25);
        };

        using var result = WanEulerSampler.Sample(model, noise, cond, uncond, new WanSamplerOptions(Steps: 5, Shift: 1, GuidanceScale: 3));

        using var expected = noise - (-0.25 + 3 * (0.5 - -0.25)); // v = v_u + g·(v_c − v_u)
        Assert.True(WanLoraTiny.MaxAbsDiff(result, expected) <= 1e-5);
        Assert.Equal(2 * 5, calls);
    }

    [Fact]
    public void The_shift_moves_the_noise_levels_and_Euler_follows_them()
    {
        // dx/dσ = x: Euler multiplies x by (1 + σ_{i+1} − σ_i) per step, so the result reveals every noise level.
        using var noise = Noise();
        using var context = zeros(1, 3, 24);
        var seen = new List<double>();
        WanEulerSampler.VelocityModel model = (x, t, _) => { seen.Add(t[0].item<float>()); return x.clone(); };

        using var result = WanEulerSampler.Sample(model, noise, context, null, new WanSamplerOptions(Steps: 4, Shift: 5, GuidanceScale: 1));

        var sigmas = new[] { 1.0, 0.75, 0.5, 0.25 }.Select(u => 5 * u / (1 + 4 * u)).Append(0).ToArray();
        var factor = Enumerable.Range(0, 4).Aggregate(1.0, (f, i) => f * (1 + sigmas[i + 1] - sigmas[i]));
        using var expected = noise * factor;
        Assert.True(WanLoraTiny.MaxAbsDiff(result, expected) <= 1e-5);
        Assert.Equal(sigmas.Take(4).Select(s => 1000 * s), seen, (a, b) => Math.Abs(a - b) < 1e-3);
        Assert.Equal(sigmas, WanFlowSchedule.Sigmas(4, 5), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void One_step_with_the_real_DiT_is_noise_minus_its_velocity_at_t_1000()
    {
        using var model = WanLoraTiny.Model(1, WanLoraTiny.Config with { OutChannels = 4 });
        using var noise = Noise();
        manual_seed(5);
        using var context = randn(1, 3, 24);
        var progress = new List<(int, int)>();

        using var result = WanEulerSampler.Sample(model, noise, context, null, new WanSamplerOptions(Steps: 1, GuidanceScale: 1),
            new SyncProgress<(int, int)>(progress.Add));

        using var _ = no_grad();
        using var v = model.forward(noise, tensor(new float[] { 1000 }), context);
        using var expected = noise - v;
        Assert.True(WanLoraTiny.MaxAbsDiff(result, expected) <= 1e-6);
        Assert.Equal([(1, 1)], progress);
    }

    [Fact]
    public void Guidance_without_an_unconditional_context_and_bad_settings_are_refused()
    {
        using var noise = Noise();
        using var context = zeros(1, 3, 24);
        WanEulerSampler.VelocityModel model = (x, _, _) => zeros_like(x);

        var error = Assert.Throws<ArgumentException>(() => WanEulerSampler.Sample(model, noise, context, null, new WanSamplerOptions(Steps: 2)));
        Assert.Contains("unconditional context", error.Message, StringComparison.Ordinal);
        var bad = Assert.Throws<ArgumentException>(() => WanEulerSampler.Sample(model, noise, context, context, new WanSamplerOptions(Steps: 0, Shift: -1)));
        Assert.Contains("steps must be positive", bad.Message, StringComparison.Ordinal);
        Assert.Contains("shift must be a positive number", bad.Message, StringComparison.Ordinal);
    }

    // Progress<T> posts to the thread pool; the test needs the reports in order before it asserts.
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
