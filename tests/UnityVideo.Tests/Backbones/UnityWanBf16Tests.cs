using TorchSharp;
using UnityVideo.Core.Backbones.Wan;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Training;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>A bf16 Wan trunk under the UnityVideo mechanisms: RGB still as the plain trunk, and full fine-tuning keeps fp32 masters.</summary>
public sealed class UnityWanBf16Tests
{
    private static WanUnityConfig Bf16()
    {
        var c = UnityWanTiny.Config();
        c.Precision = WanUnityConfig.Bf16;
        return c;
    }

    [Fact]
    public void A_bf16_trunk_predicts_rgb_as_the_plain_bf16_trunk_with_a_modality_beside_it()
    {
        using var model = UnityWanTiny.Model(1, Bf16());
        using var _ = NewDisposeScope();
        var x = UnityWanTiny.Latent(2);
        var caption = UnityWanTiny.Prompt(3);
        var plain = model.Base.forward(x, tensor(new float[] { 250, 750 }), caption.Embeddings!);

        var unity = model.Predict([
            UnityWanTiny.Stream("rgb", x, 0.25f, 0.75f, caption),
            UnityWanTiny.Stream("depth", UnityWanTiny.Latent(4), 0.5f, 0.1f, UnityWanTiny.Prompt(5)),
        ]);

        Assert.Equal(bfloat16, model.Base.PatchEmbedding.weight!.dtype);
        Assert.Equal(float32, unity[0].dtype);
        Assert.True(WanLoraTiny.MaxAbsDiff(plain, unity[0]) < 1e-5, $"differs by {WanLoraTiny.MaxAbsDiff(plain, unity[0])}");
    }

    [Fact]
    public void A_full_fine_tune_step_on_a_bf16_trunk_moves_its_weights_through_fp32_masters()
    {
        using var model = UnityWanTiny.Model(1, Bf16());
        model.train();
        const string name = "base.blocks.0.ffn.0.weight";
        var before = model.get_parameter(name)!.detach().clone();
        using var step = new TrainingStep(model, new TrainerOptions { LearningRate = 1e-2, EmaDecay = 0 });
        using var generator = new Generator(7, CPU);

        var result = step.Run(_ => FlowMatching.TaskStreams(DiffusionTask.JointGeneration, UnityWanTiny.Latent(2), UnityWanTiny.Prompt(3),
            [("depth", UnityWanTiny.Latent(4), UnityWanTiny.Prompt(5))]), 1e-2, generator);

        var after = model.get_parameter(name)!;
        Assert.True(result.Updated && double.IsFinite(result.Loss));
        Assert.Equal(bfloat16, after.dtype);
        Assert.False(WanLoraTiny.Same(before, after), "the trunk's weights moved");
        Assert.NotNull(step.Optimizer.Master(name));
        Assert.Null(step.Optimizer.Master("joint_gates")); // fp32 parameters need no master
    }
}
