using TorchSharp;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Diffusion;

public sealed class FlowMatchingTests
{
    [Fact]
    public void Estimation_loss_does_not_backpropagate_into_the_clean_rgb_stream()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig();
        using var model = NewModel(cfg, Depth);
        Randomize(model, 21);
        var rgb = Video(2, 3, cfg, 1).requires_grad_();
        var depth = Video(2, 1, cfg, 2).requires_grad_();
        var fm = new FlowMatching();

        using var g = new Generator(3, CPU);
        fm.Loss(model, DiffusionTestKit.Streams(DiffusionTask.Estimation, rgb, depth, cfg), g).Loss.backward();

        // The clean RGB video is a constant condition: no gradient reaches it …
        Assert.True(rgb.grad is null || MaxAbs(rgb.grad) == 0);
        // … while the noised modality's input does get one,
        Assert.NotNull(depth.grad);
        Assert.True(MaxAbs(depth.grad!) > 0);
        // and the RGB output head, whose prediction is not in the loss, receives no gradient at all.
        var grads = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        Assert.True(grads["heads.rgb.weight"] is null || MaxAbs(grads["heads.rgb.weight"]!) == 0);
        Assert.True(MaxAbs(grads["heads.depth.weight"]!) > 0);
        // The RGB stream still conditions the estimate (through attention): its patch embedding is trained.
        Assert.True(MaxAbs(grads["patch_embeds.rgb.weight"]!) > 0);
    }

    [Fact]
    public void Clean_streams_contribute_nothing_to_the_loss()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth);
        Randomize(model, 4);
        var (rgb, depth) = DiffusionTestKit.Clip(cfg, 2);
        var fm = new FlowMatching(new FlowMatchingOptions { PromptDropout = 0 });
        double LossWithSeed()
        {
            using var g = new Generator(8, CPU);
            return fm.Loss(model, DiffusionTestKit.Streams(DiffusionTask.ConditionalGeneration, rgb, depth, cfg), g).Loss.item<float>();
        }

        var before = LossWithSeed();
        using (no_grad()) model.named_parameters().Single(p => p.name == "heads.depth.weight").parameter.mul_(50); // wreck the clean stream's head
        var after = LossWithSeed();

        Assert.Equal(before, after);
    }

    [Fact]
    public void Loss_is_the_mse_of_the_velocity_over_noised_streams()
    {
        // A fresh model without the output skip predicts v = 0, so the loss must equal E‖ε − x₀‖² averaged over the noised streams.
        using var scope = NewDisposeScope();
        var cfg = TestConfig();
        cfg.OutputSkipSigma = 0;
        using var model = NewModel(cfg, Depth);
        var x0 = zeros([64, 3, cfg.Frames, cfg.Height, cfg.Width]);
        var d0 = zeros([64, 1, cfg.Frames, cfg.Height, cfg.Width]);
        using var g = new Generator(5, CPU);
        var result = new FlowMatching().Loss(model, DiffusionTestKit.Streams(DiffusionTask.JointGeneration, x0, d0, cfg), g);

        Assert.Equal(["rgb", "depth"], result.NoisedStreams);
        Assert.InRange(result.Loss.item<float>(), 0.98, 1.02); // E[ε²] = 1
    }

    [Fact]
    public void With_the_output_skip_a_fresh_model_starts_from_the_linear_guess_and_a_lower_loss()
    {
        // Data of standard deviation 0.5: predicting v = 0 costs E‖ε − x₀‖² = 1.25; the skip's guess c_skip·x_t
        // leaves only E[c_out(t)²], well below it at every t above 0.2.
        using var scope = NewDisposeScope();
        float LossFor(double sigma)
        {
            var cfg = TestConfig();
            cfg.OutputSkipSigma = sigma;
            using var model = NewModel(cfg, Depth);
            using var g = new Generator(5, CPU);
            var x0 = randn([64, 3, cfg.Frames, cfg.Height, cfg.Width], generator: g) * 0.5;
            var d0 = randn([64, 1, cfg.Frames, cfg.Height, cfg.Width], generator: g) * 0.5;
            return new FlowMatching().Loss(model, DiffusionTestKit.Streams(DiffusionTask.JointGeneration, x0, d0, cfg), g).Loss.item<float>();
        }

        Assert.InRange(LossFor(0), 1.22, 1.28);
        Assert.InRange(LossFor(0.5), 0.3, 0.9);
    }

    [Fact]
    public void Interpolation_runs_from_data_at_t0_to_noise_at_t1_with_constant_velocity()
    {
        using var scope = NewDisposeScope();
        var x0 = randn([2, 1, 2, 4, 4]);
        var eps = randn([2, 1, 2, 4, 4]);
        Assert.Equal(0.0, MaxAbsDiff(FlowMatching.Interpolate(x0, eps, zeros(2)), x0));
        Assert.Equal(0.0, MaxAbsDiff(FlowMatching.Interpolate(x0, eps, ones(2)), eps));
        var slope = (FlowMatching.Interpolate(x0, eps, full(2, 0.7f)) - FlowMatching.Interpolate(x0, eps, full(2, 0.2f))) / 0.5;
        Assert.True(MaxAbsDiff(slope, FlowMatching.TargetVelocity(x0, eps)) < 1e-5);
    }

    [Fact]
    public void Timesteps_are_logit_normal_and_the_shift_moves_them_towards_noise()
    {
        using var scope = NewDisposeScope();
        using var g1 = new Generator(7, CPU);
        using var g2 = new Generator(7, CPU);
        var plain = new FlowMatching(new FlowMatchingOptions { TimestepMean = 0.5, TimestepStd = 0.8 }).SampleTimesteps(20_000, CPU, g1);
        var shifted = new FlowMatching(new FlowMatchingOptions { TimestepMean = 0.5, TimestepStd = 0.8, TimestepShift = 3 }).SampleTimesteps(20_000, CPU, g2);

        var logits = logit(plain);
        Assert.InRange(logits.mean().item<float>(), 0.47, 0.53);
        Assert.InRange(logits.std().item<float>(), 0.78, 0.82);
        // Same draws, shifted: t' = 3t / (1 + 2t) everywhere, and later on average.
        Assert.True(MaxAbsDiff(shifted, plain * 3 / (plain * 2 + 1)) < 1e-6);
        Assert.True(shifted.mean().item<float>() > plain.mean().item<float>() + 0.1);
        Assert.Equal(0.75, FlowMatching.ShiftTimestep(0.5, 3), 12);
        Assert.Equal(1.0, FlowMatching.ShiftTimestep(1, 3), 12);
        Assert.Equal(0.0, FlowMatching.ShiftTimestep(0, 3), 12);
    }

    [Fact]
    public void Task_streams_noise_the_right_streams()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig();
        var rgb = Video(1, 3, cfg, 1);
        var depth = Video(1, 1, cfg, 2);
        bool[] Flags(DiffusionTask t) => DiffusionTestKit.Streams(t, rgb, depth, cfg).Select(s => s.Noised).ToArray();

        Assert.Equal([true, false], Flags(DiffusionTask.ConditionalGeneration));
        Assert.Equal([false, true], Flags(DiffusionTask.Estimation));
        Assert.Equal([true, true], Flags(DiffusionTask.JointGeneration));
        Assert.Null(DiffusionTestKit.Streams(DiffusionTask.Estimation, rgb, depth, cfg)[0].Prompt); // u(V_m | V_r): no caption
        var p = new TaskProbabilities();
        Assert.Equal(DiffusionTask.ConditionalGeneration, p.Pick(0.1));
        Assert.Equal(DiffusionTask.Estimation, p.Pick(0.4));
        Assert.Equal(DiffusionTask.JointGeneration, p.Pick(0.9));
    }

    [Fact]
    public void Prompt_dropout_replaces_the_content_prompt_at_the_configured_rate()
    {
        // With dropout 1 every sample sees the null context: the loss equals the loss without any caption.
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth);
        Randomize(model, 9);
        var (rgb, depth) = DiffusionTestKit.Clip(cfg, 2);
        double Loss(double dropout, bool caption)
        {
            using var g = new Generator(2, CPU);
            var streams = caption ? DiffusionTestKit.Streams(DiffusionTask.ConditionalGeneration, rgb, depth, cfg)
                : DiffusionTestKit.Streams(DiffusionTask.ConditionalGeneration, rgb, depth, cfg).Select(s => s.Modality == "rgb" ? s with { Prompt = null } : s).ToList();
            // Same random stream of draws in both cases: dropout draws happen only when a caption is present,
            // so compare dropout 1 (caption given, always dropped) with dropout 1 + no caption (no draw).
            return new FlowMatching(new FlowMatchingOptions { PromptDropout = dropout }).Loss(model, streams, g).Loss.item<float>();
        }

        var withCaption = Loss(0, caption: true);
        var nullContext = Loss(0, caption: false);
        var alwaysDropped = Loss(1, caption: true);

        Assert.NotEqual(withCaption, nullContext);
        Assert.Equal(nullContext, alwaysDropped, 5);
    }

    [Fact]
    public void Foreground_balance_by_modality_overrides_the_global_balance_for_that_stream_only()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth);
        Randomize(model, 6);
        var rgb = Video(2, 3, cfg, 1);
        var sparse = full([2, 1, cfg.Frames, cfg.Height, cfg.Width], -1f);   // a skeleton-like target: empty but for a corner
        sparse[.., .., .., ..2, ..2] = 0.8f;
        float DepthLoss(FlowMatchingOptions options)
        {
            using var g = new Generator(4, CPU);
            var result = new FlowMatching(options).Loss(model, DiffusionTestKit.Streams(DiffusionTask.JointGeneration, rgb, sparse, cfg), g);
            return result.PerStream[result.NoisedStreams.ToList().IndexOf("depth")].item<float>();
        }

        var plain = DepthLoss(new FlowMatchingOptions());
        var balanced = DepthLoss(new FlowMatchingOptions { ForegroundBalance = 1 });
        Assert.True(Math.Abs(balanced - plain) > 0.05 * plain, $"balanced {balanced} vs plain {plain}");
        // Listed at 0 the stream keeps plain error under a global balance; listed at 1 (any case) it is balanced alone.
        Assert.Equal(plain, DepthLoss(new FlowMatchingOptions { ForegroundBalance = 1, ForegroundBalanceByModality = { ["depth"] = 0 } }), 5);
        Assert.Equal(balanced, DepthLoss(new FlowMatchingOptions { ForegroundBalanceByModality = { ["DEPTH"] = 1 } }), 5);
        Assert.Contains("ForegroundBalanceByModality[depth] must be in [0, 1] (got 2).",
            new FlowMatchingOptions { ForegroundBalanceByModality = { ["depth"] = 2 } }.Validate());
    }
}
