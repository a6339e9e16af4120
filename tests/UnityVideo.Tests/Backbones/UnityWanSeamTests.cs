using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Model;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// The UnityVideo mechanisms on a Wan trunk: a fresh model reproduces the plain trunk on RGB (whatever streams ride
/// beside it), and each mechanism, once its zero-initialised parameters move, acts where it should.
/// </summary>
public sealed class UnityWanSeamTests
{
    private const double Tiny = 1e-5;

    [Fact]
    public void Fresh_model_predicts_rgb_exactly_as_the_plain_Wan_trunk()
    {
        using var model = UnityWanTiny.Model(1);
        using var _ = NewDisposeScope();
        var x = UnityWanTiny.Latent(2);
        var caption = UnityWanTiny.Prompt(3);
        var plain = model.Base.forward(x, tensor(new float[] { 250, 750 }), caption.Embeddings!); // [2, 4, 2, 4, 4]

        var alone = model.Predict([UnityWanTiny.Stream("rgb", x, 0.25f, 0.75f, caption)]);
        var withModalities = model.Predict([
            UnityWanTiny.Stream("depth", UnityWanTiny.Latent(4), 0.5f, 0.1f, UnityWanTiny.Prompt(5)),
            UnityWanTiny.Stream("rgb", x, 0.25f, 0.75f, caption),
            UnityWanTiny.Stream("flow", UnityWanTiny.Latent(6), 0f, 1f, null),
        ]);

        Assert.True(plain.abs().max().item<float>() > 0.1, "the trunk's own prediction is not trivially zero");
        Assert.True(WanLoraTiny.MaxAbsDiff(plain, alone[0]) < Tiny, $"RGB alone differs by {WanLoraTiny.MaxAbsDiff(plain, alone[0])}");
        Assert.True(WanLoraTiny.MaxAbsDiff(plain, withModalities[1]) < Tiny, $"RGB beside modalities differs by {WanLoraTiny.MaxAbsDiff(plain, withModalities[1])}");
        Assert.Equal(0, withModalities[0].abs().max().item<float>()); // fresh modality heads predict nothing
        Assert.Equal([2L, 4, 2, 4, 4], withModalities[2].shape);
    }

    [Fact]
    public void Opened_joint_gate_lets_rgb_see_the_modality_stream()
    {
        using var model = UnityWanTiny.Model(1);
        using var _ = NewDisposeScope();
        var x = UnityWanTiny.Latent(2);
        var caption = UnityWanTiny.Prompt(3);
        Tensor Rgb(Tensor depth) => model.Predict([
            UnityWanTiny.Stream("rgb", x, 0.5f, 0.5f, caption),
            UnityWanTiny.Stream("depth", depth, 0f, 0f, UnityWanTiny.Prompt(5)),
        ])[0];
        using (no_grad())
        {
            foreach (var (name, p) in model.named_parameters())
                if (name.StartsWith("patch_embeds.depth.", StringComparison.Ordinal)) p.normal_(0, 0.2);
        }
        var closed = WanLoraTiny.MaxAbsDiff(Rgb(UnityWanTiny.Latent(4)), Rgb(UnityWanTiny.Latent(7)));
        using (no_grad()) model.get_parameter("joint_gates")!.fill_(1);
        var open = WanLoraTiny.MaxAbsDiff(Rgb(UnityWanTiny.Latent(4)), Rgb(UnityWanTiny.Latent(7)));

        Assert.Equal(0, closed);       // gate shut: RGB attends to itself only
        Assert.True(open > 1e-3, $"gate open: another depth clip should change RGB (changed by {open})");
    }

    [Fact]
    public void Each_modality_stream_is_modulated_by_its_own_timestep_switcher_slot_and_prompt()
    {
        using var model = UnityWanTiny.Model(1);
        using var _ = NewDisposeScope();
        using (no_grad())
        {
            foreach (var (name, p) in model.named_parameters())
                if (name.StartsWith("heads.depth.", StringComparison.Ordinal) || name.StartsWith("patch_embeds.depth.", StringComparison.Ordinal)) p.normal_(0, 0.2);
        }
        var x = UnityWanTiny.Latent(2);
        var depth = UnityWanTiny.Latent(4);
        IReadOnlyList<Tensor> Run(float depthT, int promptSeed) => model.Predict([
            UnityWanTiny.Stream("rgb", x, 0.5f, 0.5f, UnityWanTiny.Prompt(3)),
            UnityWanTiny.Stream("depth", depth, depthT, depthT, UnityWanTiny.Prompt(promptSeed)),
        ]);
        var reference = Run(0.3f, 5);
        var otherTime = Run(0.9f, 5);
        var otherPrompt = Run(0.3f, 8);
        using (no_grad()) model.Switcher.Slot("depth").normal_(0, 0.5);
        var otherSlot = Run(0.3f, 5);

        Assert.True(WanLoraTiny.MaxAbsDiff(reference[1], otherTime[1]) > 1e-4, "depth's own timestep changes depth");
        Assert.True(WanLoraTiny.MaxAbsDiff(reference[1], otherPrompt[1]) > 1e-4, "depth's modality prompt changes depth");
        Assert.True(WanLoraTiny.MaxAbsDiff(reference[1], otherSlot[1]) > 1e-4, "depth's switcher slot changes depth");
        Assert.True(WanLoraTiny.MaxAbsDiff(reference[0], otherPrompt[0]) < Tiny, "the modality prompt does not reach RGB tokens (gate shut)");
        Assert.True(WanLoraTiny.MaxAbsDiff(reference[0], otherTime[0]) < Tiny, "depth's timestep does not modulate RGB tokens");
    }

    [Fact]
    public void Classifier_free_guidance_contrasts_the_caption_with_the_empty_prompt()
    {
        using var dir = new TempDir();
        var path = dir.File(WanTextEmbeddings.FileName);
        manual_seed(11);
        WanTextEmbeddings.Write(path, new Dictionary<string, Tensor> { [""] = randn(2, 24), ["a red box rolls left"] = randn(4, 24) }, "test");
        var store = WanTextEmbeddings.Open(path);
        using var model = new UnityWan(UnityWanTiny.Config(), [UnityWanTiny.Modality("depth")], WanTrainingBackbone.EmptyPrompt(store));
        model.eval();
        using var _ = NewDisposeScope();
        Tensor Rgb(string caption, double cfg) => FlowSampler.Sample(model,
            [SampleStream.Generate("rgb", [1, 4, 2, 4, 4], store.Encode([caption]))], new SamplerOptions { Steps = 2, CfgScale = cfg }, seed: 3)[0];

        var emptyPlain = Rgb("", 1);
        var emptyGuided = Rgb("", 4);
        var captionPlain = Rgb("a red box rolls left", 1);
        var captionGuided = Rgb("a red box rolls left", 4);

        Assert.True(WanLoraTiny.MaxAbsDiff(emptyPlain, emptyGuided) < 1e-5, "the empty caption is the unconditional context: guidance changes nothing");
        Assert.True(WanLoraTiny.MaxAbsDiff(captionPlain, captionGuided) > 1e-3, "a real caption is pushed away from the empty prompt");
    }

    [Fact]
    public void Lora_freezes_the_trunk_and_leaves_the_new_stream_parameters_trainable()
    {
        using var model = UnityWanTiny.Model(1);
        model.AttachLora(new WanLoraConfig(Rank: 2, Alpha: 2));
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();

        Assert.DoesNotContain(trainable, n => n.StartsWith("base.", StringComparison.Ordinal));
        Assert.Contains("lora.blocks_0_self_attn_q.lora_A.weight", trainable);
        Assert.Contains("patch_embeds.depth.weight", trainable);
        Assert.Contains("heads.flow.head.weight", trainable);
        Assert.Contains("switcher.rgb", trainable);
        Assert.Contains("joint_gates", trainable);
    }

    [Fact]
    public void Token_id_prompts_are_refused_with_a_message_naming_the_stream()
    {
        using var model = UnityWanTiny.Model(1);
        using var _ = NewDisposeScope();
        var ids = new UnityVideo.Core.Text.TextPrompt(zeros([2, 3], int64), ones([2, 3], @bool));
        var e = Assert.Throws<ArgumentException>(() => model.Predict([UnityWanTiny.Stream("rgb", UnityWanTiny.Latent(2), 0.5f, 0.5f, ids)]));
        Assert.Contains("'rgb'", e.Message, StringComparison.Ordinal);
        Assert.Contains("precomputed text embeddings", e.Message, StringComparison.Ordinal);
    }
}
