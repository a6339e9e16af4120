using System.Text.Json.Nodes;
using UnityVideo.Core.Model;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

public sealed class DiTConfigJsonTests
{
    [Fact]
    public void A_model_config_stored_before_the_output_skip_frame_pairs_aligned_fusion_and_motion_energy_loads_as_it_was_trained()
    {
        var fresh = new DiTConfig { OutputSkipSigma = 0.3, PatchFrames = 2, AlignedFusion = true, MotionEnergy = true, Prediction = DiTConfig.DataPredictionName, OutputConv = true };
        var back = DiTConfig.FromJson(fresh.ToJson());
        Assert.Equal(0.3, back.OutputSkipSigma);
        Assert.Equal(2, back.PatchFrames);
        Assert.True(back.AlignedFusion);
        Assert.True(back.MotionEnergy);
        Assert.Equal(DiTConfig.DataPredictionName, back.Prediction);
        Assert.True(back.OutputConv);

        // An older checkpoint's config has none of these fields: it was trained with the plain head on single
        // frames and without the fusion layer (whose weights it does not hold).
        var old = JsonNode.Parse(fresh.ToJson())!.AsObject();
        Assert.True(old.Remove("outputSkipSigma"));
        Assert.True(old.Remove("patchFrames"));
        Assert.True(old.Remove("alignedFusion"));
        Assert.True(old.Remove("motionEnergy"));
        Assert.True(old.Remove("prediction"));
        Assert.True(old.Remove("outputConv"));
        var loaded = DiTConfig.FromJson(old.ToJsonString());
        Assert.Equal(0.0, loaded.OutputSkipSigma);
        Assert.Equal(1, loaded.PatchFrames);
        Assert.False(loaded.AlignedFusion);
        Assert.False(loaded.MotionEnergy);
        Assert.Equal(DiTConfig.VelocityPrediction, loaded.Prediction);
        Assert.False(loaded.OutputConv);
    }

    [Fact]
    public void Out_of_range_settings_are_named()
    {
        var errors = new DiTConfig { OutputSkipSigma = -1, PatchFrames = 3, Prediction = "noise" }.Validate();
        Assert.Contains(errors, e => e.Contains("Prediction", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("OutputSkipSigma", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("PatchFrames", StringComparison.Ordinal));
    }

    [Fact]
    public void With_frame_pairs_a_tokens_output_sees_the_next_frame_through_its_own_patch_embedding()
    {
        using var scope = NewDisposeScope();
        foreach (var frames in new[] { 1, 2 })
        {
            var cfg = TestConfig(depth: 1);
            cfg.PatchFrames = frames;
            using var model = NewModel(cfg, Depth);
            Randomize(model, seed: 3);
            Assert.Equal(frames * cfg.PatchSize * cfg.PatchSize, model.state_dict()["patch_embeds.depth.weight"].shape[1]);

            // Zero all attention (self and cross) so a token can only see its own embedding, then move frame 2 alone.
            SilenceAttention(model);
            var depth = Video(1, 1, cfg, 5);
            var moved = depth.clone();
            moved[.., .., 2] += 1;
            var t = full(1, 0.5f);
            var a = model.forward([new DiTStream("depth", depth, t)])[0];
            var b = model.forward([new DiTStream("depth", moved, t)])[0];
            // Frame 1 is frame 2's predecessor: it changes only when its tokens read the next frame.
            var frameOneChange = MaxAbsDiff(a[.., .., 1], b[.., .., 1]);
            if (frames == 2) Assert.True(frameOneChange > 1e-4, $"frame 1 should see frame 2 (change {frameOneChange})");
            else Assert.True(frameOneChange < 1e-6, $"frame 1 should not see frame 2 (change {frameOneChange})");
            Assert.True(MaxAbsDiff(a[.., .., 0], b[.., .., 0]) < 1e-6, "frame 0 never reads frame 2");
        }
    }

    [Fact]
    public void With_aligned_fusion_a_modality_token_reads_the_rgb_under_it_not_only_through_attention()
    {
        using var scope = NewDisposeScope();
        foreach (var fusion in new[] { true, false })
        {
            var cfg = TestConfig(depth: 1);
            cfg.AlignedFusion = fusion;
            using var model = NewModel(cfg, Depth);
            Randomize(model, seed: 4);
            Assert.Equal(fusion, model.state_dict().ContainsKey("aligned_fusion.weight"));

            // Zero all attention (self and cross): the only way left from the RGB to the depth stream is the fusion.
            SilenceAttention(model);
            var (under, rest) = ReadingOfOneRgbPatch(model, cfg, depthTime: 0.7f);
            if (fusion) Assert.True(under > 1e-3, $"the depth patch under the moved RGB patch should change (change {under})");
            else Assert.True(under < 1e-6, $"without fusion or attention the depth stream cannot see the RGB (change {under})");
            Assert.True(rest < 1e-6, $"other positions never read that RGB patch (change {rest})");
        }
    }

    [Fact]
    public void A_fresh_fusion_layer_adds_nothing_so_training_starts_from_the_model_without_it()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        cfg.AlignedFusion = true;
        var plain = TestConfig(depth: 1);
        using var fused = NewModel(cfg, Depth);
        using var reference = NewModel(plain, Depth);
        Randomize(reference, seed: 8);
        // Every other parameter as in the reference; the fusion layer keeps its initial weights.
        var state = reference.state_dict();
        using (no_grad())
            foreach (var (name, p) in fused.named_parameters())
                if (state.TryGetValue(name, out var q)) p.copy_(q);
        List<DiTStream> streams = [new("rgb", Video(1, 3, cfg, 1), zeros(1)), new("depth", Video(1, 1, cfg, 2), full(1, 0.6f), Prompt(cfg, "depth map", 1))];
        var a = fused.forward(streams);
        var b = reference.forward(streams);
        Assert.True(MaxAbs(b[1]) > 0.1);
        Assert.Equal(0.0, MaxAbsDiff(a[1], b[1]));
    }

    [Fact]
    public void An_identity_started_fusion_hands_a_modality_token_the_rgb_under_it_from_the_first_step()
    {
        // Weights as after some training everywhere except the fusion, which keeps its initial value: with a zero start
        // the depth stream cannot see the RGB without attention; with the identity start it sees the patch under it.
        using var scope = NewDisposeScope();
        foreach (var init in new[] { DiTConfig.FusionZero, DiTConfig.FusionIdentity })
        {
            var cfg = TestConfig(depth: 1);
            cfg.AlignedFusion = true;
            cfg.AlignedFusionInit = init;
            using var model = NewModel(cfg, Depth);
            var initial = model.state_dict()["aligned_fusion.weight"].clone();
            Randomize(model, seed: 4);
            using (no_grad())
            {
                model.state_dict()["aligned_fusion.weight"].copy_(initial);
                model.state_dict()["aligned_fusion.bias"].zero_();
            }
            SilenceAttention(model);
            var (change, rest) = ReadingOfOneRgbPatch(model, cfg, depthTime: 1f);
            Assert.True(rest < 1e-6, $"other positions never read that RGB patch (change {rest})");
            if (init == DiTConfig.FusionIdentity) Assert.True(change > 1e-3, $"the identity start should hand the depth token the RGB patch (change {change})");
            else Assert.True(change < 1e-6, $"a zero start hands over nothing (change {change})");
        }
        Assert.Contains(new DiTConfig { AlignedFusionInit = "ones" }.Validate(), e => e.Contains("AlignedFusionInit", StringComparison.Ordinal));
        var old = JsonNode.Parse(new DiTConfig { AlignedFusion = true, AlignedFusionInit = DiTConfig.FusionIdentity }.ToJson())!.AsObject();
        Assert.True(old.Remove("alignedFusionInit"));
        Assert.Equal(DiTConfig.FusionZero, DiTConfig.FromJson(old.ToJsonString()).AlignedFusionInit); // as every model before the setting was built
    }

    [Fact]
    public void With_aligned_input_a_modality_token_reads_the_rgb_pixels_under_it_through_its_own_patch_embedding()
    {
        using var scope = NewDisposeScope();
        foreach (var aligned in new[] { true, false })
        {
            var cfg = TestConfig(depth: 1);
            cfg.AlignedFusion = false;
            cfg.AlignedInput = aligned;
            using var model = NewModel(cfg, Depth);
            Randomize(model, seed: 4);
            Assert.Equal(cfg.PatchSize * cfg.PatchSize * cfg.PatchFrames * (aligned ? 1 + 3 : 1), model.state_dict()["patch_embeds.depth.weight"].shape[1]);
            SilenceAttention(model);
            var (under, rest) = ReadingOfOneRgbPatch(model, cfg, depthTime: 1f);
            if (aligned) Assert.True(under > 1e-3, $"the depth patch over the moved RGB patch should change (change {under})");
            else Assert.True(under < 1e-6, $"without aligned input, fusion or attention the depth stream cannot see the RGB (change {under})");
            Assert.True(rest < 1e-6, $"other positions never read that RGB patch (change {rest})");
        }
        var old = JsonNode.Parse(new DiTConfig { AlignedInput = true }.ToJson())!.AsObject();
        Assert.True(old.Remove("alignedInput"));
        Assert.False(DiTConfig.FromJson(old.ToJsonString()).AlignedInput);
    }

    /// <summary>
    /// Moves one RGB patch of frame 1 and returns how much the depth output changes under it, and everywhere else
    /// (frame 1's other positions and every other frame).
    /// </summary>
    private static (double Under, double Elsewhere) ReadingOfOneRgbPatch(UnityDiT model, DiTConfig cfg, float depthTime)
    {
        var rgb = Video(1, 3, cfg, 6);
        var moved = rgb.clone();
        moved[.., .., 1, 0..4, 0..4] += 1;                                   // one patch of frame 1
        var depth = new DiTStream("depth", Video(1, 1, cfg, 7), full(1, depthTime), Prompt(cfg, "depth map", 1));
        var a = model.forward([new DiTStream("rgb", rgb, zeros(1)), depth])[1];
        var b = model.forward([new DiTStream("rgb", moved, zeros(1)), depth])[1];
        var under = MaxAbsDiff(a[.., .., 1, 0..4, 0..4], b[.., .., 1, 0..4, 0..4]);
        var rest = MaxAbsDiff(a[.., .., 1, 4..], b[.., .., 1, 4..]) + MaxAbsDiff(a[.., .., 0], b[.., .., 0]) + MaxAbsDiff(a[.., .., 2..], b[.., .., 2..]);
        return (under, rest);
    }
}
