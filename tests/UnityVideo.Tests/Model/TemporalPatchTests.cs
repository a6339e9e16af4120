using System.Text.Json.Nodes;
using UnityVideo.Core.Model;
using UnityVideo.Core.Training;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

/// <summary><c>Model:TemporalPatch</c>: a token covers consecutive frames, so a stream has fewer tokens.</summary>
public sealed class TemporalPatchTests
{
    [Fact]
    public void A_two_frame_token_holds_both_frames_patches_and_unpatchifies_back_to_the_video()
    {
        using var scope = NewDisposeScope();
        var video = randn([2, 3, 4, 8, 8]);
        var tokens = Patchify.ToPatches(video, 4, 2);
        Assert.Equal(new long[] { 2, 2 * 2 * 2, 2 * 4 * 4 * 3 }, tokens.shape); // 2 frame pairs × 2 × 2 patches
        // The first token: frame 0's top-left 4 × 4 patch, then frame 1's, each row-major with channels innermost.
        var expected = video[0, .., 0..2, 0..4, 0..4].permute(1, 2, 3, 0).reshape(-1);
        Assert.Equal(0.0, MaxAbsDiff(tokens[0, 0], expected));
        Assert.Equal(0.0, MaxAbsDiff(Patchify.FromPatches(tokens, 4, 3, 4, 8, 8, 2), video));
        Assert.Throws<ArgumentException>(() => Patchify.ToPatches(randn([1, 3, 3, 8, 8]), 4, 2));
    }

    [Fact]
    public void With_two_frame_tokens_a_stream_has_half_the_tokens_and_a_frame_is_drawn_with_its_partner_only()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        cfg.TemporalPatch = 2;
        using var model = NewModel(cfg, Depth);
        Randomize(model, seed: 5);
        Assert.Equal(2 * cfg.PatchSize * cfg.PatchSize, model.state_dict()["patch_embeds.depth.weight"].shape[1]);
        Assert.Equal(cfg.TokensPerStream(cfg.Frames, cfg.Height, cfg.Width) * 2, TestConfig().TokensPerStream(cfg.Frames, cfg.Height, cfg.Width));

        // Without attention a token sees only itself: moving frame 1 changes frames 0 and 1 (one token), not 2 and 3.
        SilenceAttention(model);
        var depth = Video(1, 1, cfg, 6);
        var moved = depth.clone();
        moved[.., .., 1] += 1;
        var t = full(1, 0.5f);
        var a = model.forward([new DiTStream("depth", depth, t)])[0];
        var b = model.forward([new DiTStream("depth", moved, t)])[0];
        Assert.Equal(depth.shape, a.shape);
        Assert.True(MaxAbsDiff(a[.., .., 0], b[.., .., 0]) > 1e-4, "frame 0 shares its token with frame 1");
        Assert.True(MaxAbsDiff(a[.., .., 2..4], b[.., .., 2..4]) < 1e-6, "frames 2 and 3 are another token");

        var odd = randn([1, 1, 3, cfg.Height, cfg.Width]);
        var e = Assert.Throws<ArgumentException>(() => model.forward([new DiTStream("depth", odd, t)]));
        Assert.Contains("Model:TemporalPatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Frames_that_are_no_multiple_of_the_temporal_patch_are_named_and_older_runs_load_and_resume_with_one_frame_tokens()
    {
        var cfg = TestConfig();
        cfg.Frames = 6;
        cfg.TemporalPatch = 4;
        Assert.Contains(cfg.Validate(), e => e.StartsWith("TemporalPatch", StringComparison.Ordinal) && e.Contains("Frames (6)", StringComparison.Ordinal));
        Assert.Contains(new DiTConfig { TemporalPatch = 3 }.Validate(), e => e.StartsWith("TemporalPatch", StringComparison.Ordinal));

        var old = JsonNode.Parse(new DiTConfig { TemporalPatch = 2 }.ToJson())!.AsObject();
        Assert.True(old.Remove("temporalPatch"));
        Assert.Equal(1, DiTConfig.FromJson(old.ToJsonString()).TemporalPatch);
        // A run's configuration hash leaves the setting out at 1, so runs started before it still resume.
        Assert.False(TrainingConfiguration.ModelNode(new DiTConfig()).ContainsKey("temporalPatch"));
        Assert.True(TrainingConfiguration.ModelNode(new DiTConfig { TemporalPatch = 2 }).ContainsKey("temporalPatch"));
    }
}
