using TorchSharp;
using TorchSharp.Modules;
using AdamW = UnityVideo.Core.Training.AdamW;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Training;

/// <summary>
/// bf16 weights trained through fp32 master weights: small updates accumulate instead of rounding away, the bf16
/// weight is the master rounded, and the masters are part of the optimiser state a checkpoint stores.
/// </summary>
public sealed class AdamWMasterWeightTests
{
    [Fact]
    public void A_bf16_weight_follows_the_fp32_run_through_its_master_where_plain_bf16_updates_are_lost()
    {
        using var g = new Generator(5, CPU);
        var start = (randn([64], generator: g) + 4).to_type(bfloat16).to_type(float32); // exactly representable in bf16
        using var half = new Parameter(start.to_type(bfloat16));
        using var full = new Parameter(start.clone());
        using var plain = new Parameter(start.to_type(bfloat16)); // the same update applied to bf16 storage directly
        using var adam = new AdamW([("w", half, true)], weightDecay: 0);
        using var reference = new AdamW([("w", full, true)], weightDecay: 0);

        // lr 1e-4 moves a weight near 4 by 1e-4 per step, far below its bf16 spacing (2^-6 = 0.0156): each plain
        // bf16 step rounds back to where it was, while the master accumulates the 100 steps (0.01 in all).
        for (var step = 0; step < 100; step++)
        {
            var grad = ones([64]);
            half.grad = grad.to_type(bfloat16);
            full.grad = grad.clone();
            adam.Step(1e-4);
            reference.Step(1e-4);
            using (no_grad()) plain.add_(full.grad.sign() * -1e-4);
        }

        var master = adam.Master("w")!;
        Assert.Equal(ScalarType.Float32, master.dtype);
        Assert.True((master - full).abs().max().item<float>() < 1e-6, "the master must follow the fp32 run");
        Assert.True((half.to_type(float32) - full.to_type(bfloat16).to_type(float32)).abs().max().item<float>() == 0,
            "the bf16 weight must be the fp32 run rounded to bf16");
        Assert.True((half.to_type(float32) - start).abs().max().item<float>() > 0, "the bf16 weight must have moved");
        Assert.True((plain.to_type(float32) - start).abs().max().item<float>() == 0, "plain bf16 updates of this size are lost");
    }

    [Fact]
    public void Masters_exist_for_low_precision_parameters_only_and_are_part_of_the_saved_state()
    {
        using var half = new Parameter(zeros([3], bfloat16));
        using var full = new Parameter(zeros([3]));
        using var adam = new AdamW([("h", half, true), ("f", full, true)]);

        var state = adam.State().Select(s => s.Name).ToList();
        Assert.Contains("master.h", state);
        Assert.DoesNotContain("master.f", state);
        Assert.Null(adam.Master("f"));
        Assert.All(adam.State().Where(s => s.Name.EndsWith(".h", StringComparison.Ordinal)), s => Assert.Equal(ScalarType.Float32, s.Tensor.dtype));
    }
}
