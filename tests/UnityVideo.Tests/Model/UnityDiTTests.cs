using TorchSharp;
using UnityVideo.Core.Model;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

public sealed class UnityDiTTests
{
    [Fact]
    public void Outputs_have_each_streams_shape_with_one_modality_stream()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig();
        using var model = NewModel(cfg, Depth);
        var rgb = Video(2, 3, cfg, 1);
        var depth = Video(2, 1, cfg, 2);
        var t = tensor(new[] { 0.3f, 0.9f });

        var v = model.forward([new DiTStream("rgb", rgb, t, Prompt(cfg, "a red box", 2)), new DiTStream("depth", depth, zeros(2), Prompt(cfg, "depth map", 2))]);

        Assert.Equal(2, v.Count);
        Assert.Equal(rgb.shape, v[0].shape);
        Assert.Equal(depth.shape, v[1].shape);
    }

    [Fact]
    public void Outputs_have_each_streams_shape_with_three_modality_streams_and_any_subset_can_be_used()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig();
        using var model = NewModel(cfg, Depth, Flow, Skeleton);
        Randomize(model, 7);
        var streams = new[] { ("rgb", 3L), ("depth", 1L), ("flow", 2L), ("skeleton", 3L) }
            .Select((s, i) => new DiTStream(s.Item1, Video(3, s.Item2, cfg, i), full(3, 0.5f), Prompt(cfg, s.Item1, 3))).ToList();

        var all = model.forward(streams);
        var subset = model.forward([streams[0], streams[2]]); // rgb + flow only

        Assert.Equal(4, all.Count);
        for (var i = 0; i < 4; i++) Assert.Equal(streams[i].Latent.shape, all[i].shape);
        Assert.Equal(streams[2].Latent.shape, subset[1].shape);
        Assert.True(all.All(o => o.isfinite().all().item<bool>()));
    }

    [Fact]
    public void A_fresh_model_predicts_the_output_skips_linear_guess_and_zero_velocity_without_it()
    {
        using var scope = NewDisposeScope();
        foreach (var sigma in new[] { 0.5, 0.0 })
        {
            var cfg = TestConfig();
            cfg.OutputSkipSigma = sigma;
            using var model = NewModel(cfg, Depth, Flow);
            var t = tensor(new[] { 0.3f, 0.8f });
            var streams = new DiTStream[]
            {
                new("rgb", Video(2, 3, cfg, 1), t, Prompt(cfg, "a person walks", 2)),
                new("depth", Video(2, 1, cfg, 2), t.flip(0)),
                new("flow", Video(2, 2, cfg, 3), zeros(2), Prompt(cfg, "optical flow", 2)),
            };
            var v = model.forward(streams);
            for (var i = 0; i < streams.Length; i++)
            {
                // The heads start at zero, so all that is left is c_skip(t)·x_t (nothing at all without the skip).
                var expected = sigma > 0 ? OutputSkip.Coefficients(streams[i].Timestep.view(-1, 1, 1, 1, 1), sigma).Skip * streams[i].Latent : zeros_like(streams[i].Latent);
                Assert.True(MaxAbsDiff(v[i], expected) < 1e-6, $"σ = {sigma}, stream {streams[i].Modality}: {MaxAbsDiff(v[i], expected)}");
            }
            if (sigma > 0) Assert.True(MaxAbs(v[0]) > 0.1, "the skip should pass the noisy input through");
        }
    }

    [Fact]
    public void State_dict_names_are_pytorch_style_and_name_the_modality()
    {
        using var model = NewModel(TestConfig(), Depth);
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        foreach (var expected in new[]
                 {
                     "blocks.1.attn.qkv.weight", "blocks.0.cross_attn.kv.weight", "blocks.0.adaLN_modulation.bias",
                     "patch_embeds.depth.weight", "heads.rgb.weight", "switcher.depth", "switcher.rgb",
                     "t_embedder.fc1.weight", "final_layer.adaLN_modulation.weight", "null_context",
                     "text_encoder.token_embed.weight", "text_encoder.layers.0.qkv.weight",
                 })
            Assert.Contains(expected, names);
    }

    [Fact]
    public void Changing_a_switcher_slot_changes_the_conditioning_of_that_stream_only()
    {
        using var scope = NewDisposeScope();
        using var model = NewModel(TestConfig(), Depth, Flow);
        string[] streams = ["rgb", "depth", "flow"];
        var t = tensor(new[] { 0.2f, 0.5f, 0.9f, 0.0f, 0.4f, 0.7f }).view(2, 3); // [B, S]

        var before = model.Conditioning(streams, t);
        using (no_grad()) model.Switcher.Slot("depth").add_(1.0);
        var after = model.Conditioning(streams, t);

        Assert.Equal(0.0, MaxAbsDiff(before.select(1, 0), after.select(1, 0))); // rgb: bit-identical
        Assert.Equal(0.0, MaxAbsDiff(before.select(1, 2), after.select(1, 2))); // flow: bit-identical
        Assert.True(MaxAbsDiff(before.select(1, 1), after.select(1, 1)) > 0.5);   // depth: moved by the slot change
    }

    [Fact]
    public void Changing_a_switcher_slot_moves_that_streams_output_and_others_only_through_attention()
    {
        // Each token's AdaLN modulation comes from its own stream's c, so the depth slot changes the depth
        // stream directly. The RGB stream can only feel it indirectly: its queries attend to depth's keys and
        // values, which are computed from depth's modulated tokens. That cross-stream path is the point of
        // joint attention, so RGB's output does move — but by much less than depth's.
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth);
        Randomize(model, 11);
        List<DiTStream> streams = [
            new("rgb", Video(2, 3, cfg, 1), full(2, 0.5f), Prompt(cfg, "a person walks", 2)),
            new("depth", Video(2, 1, cfg, 2), full(2, 0.5f), Prompt(cfg, "depth map", 2)),
        ];

        var before = model.forward(streams);
        using (no_grad()) model.Switcher.Slot("depth").add_(randn(cfg.HiddenSize) * 0.5);
        var after = model.forward(streams);

        var depthChange = (after[1] - before[1]).norm().item<float>() / before[1].norm().item<float>();
        var rgbChange = (after[0] - before[0]).norm().item<float>() / before[0].norm().item<float>();
        Assert.True(depthChange > 0.05, $"depth output moved by {depthChange:P1}");
        Assert.True(rgbChange < depthChange / 3, $"rgb moved by {rgbChange:P2}, depth by {depthChange:P2}");
    }

    [Fact]
    public void In_a_single_block_a_streams_prompt_reaches_that_stream_only()
    {
        // In one block, cross-attention comes after self-attention and is followed only by per-token layers,
        // so changing the depth prompt cannot reach the RGB stream: an exact check that each stream attends
        // to its own prompt.
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth);
        Randomize(model, 5);
        var rgb = new DiTStream("rgb", Video(2, 3, cfg, 1), full(2, 0.5f), Prompt(cfg, "a person walks", 2));

        var a = model.forward([rgb, new DiTStream("depth", Video(2, 1, cfg, 2), full(2, 0.5f), Prompt(cfg, "depth map", 2))]);
        var b = model.forward([rgb, new DiTStream("depth", Video(2, 1, cfg, 2), full(2, 0.5f), Prompt(cfg, "optical flow", 2))]);

        Assert.Equal(0.0, MaxAbsDiff(a[0], b[0]));
        Assert.True(MaxAbsDiff(a[1], b[1]) > 1e-3);
    }

    [Fact]
    public void Dropping_the_prompt_uses_the_null_context()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth);
        Randomize(model, 3);
        var x = Video(2, 3, cfg, 1);
        var d = new DiTStream("depth", Video(2, 1, cfg, 2), zeros(2));

        var none = model.forward([new DiTStream("rgb", x, full(2, 0.5f)), d])[0];
        var dropped = model.forward([new DiTStream("rgb", x, full(2, 0.5f), Prompt(cfg, "a red box", 2), tensor(new[] { true, false })), d])[0];

        Assert.True(MaxAbsDiff(none[0], dropped[0]) < 1e-5);  // sample 0 dropped → same as no prompt
        Assert.True(MaxAbsDiff(none[1], dropped[1]) > 1e-3);  // sample 1 kept its prompt
    }

    [Fact]
    public void Mismatched_streams_are_rejected_with_a_clear_message()
    {
        using var scope = NewDisposeScope();
        var cfg = TestConfig();
        using var model = NewModel(cfg, Depth);
        var ex = Assert.Throws<ArgumentException>(() => { model.forward([new DiTStream("rgb", Video(2, 3, cfg, 1), zeros(2)), new DiTStream("depth", Video(2, 2, cfg, 2), zeros(2))]); });
        Assert.Contains("depth", ex.Message);
        Assert.Throws<KeyNotFoundException>(() => { model.forward([new DiTStream("normals", Video(2, 3, cfg, 1), zeros(2))]); });
    }

    [Fact]
    public void A_model_converted_to_float64_runs_on_float64_inputs_and_its_slots_stay_live()
    {
        // Nothing in the model is pinned to a dtype or device: it follows its parameters and inputs.
        using var scope = NewDisposeScope();
        var cfg = TestConfig(depth: 1);
        using var model = NewModel(cfg, Depth);
        Randomize(model, 8);
        model.to(float64);
        List<DiTStream> streams = [
            new("rgb", Video(1, 3, cfg, 1).to(float64), full(1, 0.5f), Prompt(cfg, "a person", 1)),
            new("depth", Video(1, 1, cfg, 2).to(float64), zeros(1), Prompt(cfg, "depth map", 1)),
        ];

        var before = model.forward(streams);
        using (no_grad()) model.Switcher.Slot("depth").add_(1.0);
        var after = model.forward(streams);

        Assert.Equal(float64, before[0].dtype);
        Assert.Equal(float64, model.Switcher.Slot("depth").dtype);
        Assert.True(MaxAbsDiff(before[1], after[1]) > 1e-3);
    }
}
