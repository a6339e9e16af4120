using UnityVideo.Core.Backbones.Wan;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>Per-block gradient checkpointing on the UnityVideo-on-Wan model: same loss, same gradients, gate included.</summary>
[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class UnityWanCheckpointingTests
{
    [Fact]
    public void Checkpointed_blocks_give_the_same_gradients_to_LoRA_the_joint_gates_and_the_new_stream_parameters()
    {
        var plain = Gradients(checkpoint: false);
        var checkpointed = Gradients(checkpoint: true);

        Assert.Equal(plain.Keys, checkpointed.Keys);
        Assert.Contains("joint_gates", plain.Keys);
        Assert.Contains("switcher.depth", plain.Keys);
        Assert.Contains("lora.blocks_0_cross_attn_k.lora_A.weight", plain.Keys);
        foreach (var (name, g) in plain)
        {
            Assert.True(g.abs().max().item<float>() > 0 || name.Contains("lora_A", StringComparison.Ordinal), $"{name} gets no gradient");
            var diff = WanLoraTiny.MaxAbsDiff(g, checkpointed[name]);
            Assert.True(diff <= 1e-5 * Math.Max(1, g.abs().max().item<float>()), $"{name} differs by {diff}");
        }
    }

    private static Dictionary<string, Tensor> Gradients(bool checkpoint)
    {
        using var model = UnityWanTiny.Model(1);
        manual_seed(2);
        model.AttachLora(new WanLoraConfig(Rank: 2, Alpha: 2));
        using (no_grad())
        {
            model.get_parameter("joint_gates")!.fill_(0.5);
            foreach (var (name, p) in model.named_parameters())
                if (name.StartsWith("heads.depth.", StringComparison.Ordinal) || name.StartsWith("patch_embeds.depth.", StringComparison.Ordinal)) p.normal_(0, 0.2);
        }
        model.Base.CheckpointBlocks = checkpoint;
        model.train();
        using (var scope = NewDisposeScope())
        {
            var outputs = model.Predict([
                UnityWanTiny.Stream("rgb", UnityWanTiny.Latent(2), 0.3f, 0.8f, UnityWanTiny.Prompt(3)),
                UnityWanTiny.Stream("depth", UnityWanTiny.Latent(4), 0.6f, 0.2f, UnityWanTiny.Prompt(5)),
            ]);
            (outputs[0].square().mean() + outputs[1].square().mean()).backward();
        }
        return model.named_parameters().Where(p => p.parameter.grad is not null)
            .ToDictionary(p => p.name, p => p.parameter.grad!.detach().clone());
    }
}
