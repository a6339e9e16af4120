using System.Text.Json.Nodes;
using UnityVideo.Core.Model;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

public sealed class DiTConfigJsonTests
{
    [Fact]
    public void A_model_config_stored_before_the_output_skip_and_frame_pairs_loads_as_it_was_trained()
    {
        var fresh = new DiTConfig { OutputSkipSigma = 0.3, PatchFrames = 2 };
        var back = DiTConfig.FromJson(fresh.ToJson());
        Assert.Equal(0.3, back.OutputSkipSigma);
        Assert.Equal(2, back.PatchFrames);

        // An older checkpoint's config has neither field: it was trained with the plain head on single frames.
        var old = JsonNode.Parse(fresh.ToJson())!.AsObject();
        Assert.True(old.Remove("outputSkipSigma"));
        Assert.True(old.Remove("patchFrames"));
        var loaded = DiTConfig.FromJson(old.ToJsonString());
        Assert.Equal(0.0, loaded.OutputSkipSigma);
        Assert.Equal(1, loaded.PatchFrames);
    }

    [Fact]
    public void Out_of_range_settings_are_named()
    {
        var errors = new DiTConfig { OutputSkipSigma = -1, PatchFrames = 3 }.Validate();
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
            using (no_grad())
                foreach (var (name, p) in model.named_parameters())
                    if (name.Contains("attn", StringComparison.Ordinal) && name.EndsWith("proj.weight", StringComparison.Ordinal)) p.zero_();
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
}
