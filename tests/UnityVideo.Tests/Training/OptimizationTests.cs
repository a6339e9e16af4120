using TorchSharp;
using TorchSharp.Modules;
using UnityVideo.Core.Training;
using AdamW = UnityVideo.Core.Training.AdamW;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Training;

public sealed class OptimizationTests
{
    [Fact]
    public void Warm_up_rises_linearly_to_the_peak_then_the_cosine_falls_to_zero()
    {
        var s = new LearningRateSchedule(1e-3, 10, 110);

        Assert.Equal(1e-4, s.At(0), 12);
        Assert.Equal(5e-4, s.At(4), 12);
        Assert.Equal(1e-3, s.At(10), 12);                 // start of the cosine
        Assert.Equal(5e-4, s.At(60), 12);                 // half-way: cos(π/2) = 0
        Assert.InRange(s.At(109), 0, 1e-6);
        for (var i = 11; i < 110; i++) Assert.True(s.At(i) < s.At(i - 1));
    }

    [Fact]
    public void AdamW_matches_torch_optim_AdamW_step_for_step()
    {
        using var g = new Generator(3, CPU);
        var start = randn([5, 4], generator: g);                                        // a matrix, decayed
        var startBias = randn([4], generator: g);                                        // a vector, not decayed
        using var mine = new Parameter(start.clone());
        using var mineBias = new Parameter(startBias.clone());
        using var ref1 = new Parameter(start.clone());
        using var ref2 = new Parameter(startBias.clone());
        using var adam = new AdamW([("w", mine, true), ("b", mineBias, false)], 0.9, 0.99, 1e-8, weightDecay: 0.1);
        var torchDecayed = optim.AdamW([ref1], lr: 0.01, beta1: 0.9, beta2: 0.99, eps: 1e-8, weight_decay: 0.1);
        var torchPlain = optim.AdamW([ref2], lr: 0.01, beta1: 0.9, beta2: 0.99, eps: 1e-8, weight_decay: 0);

        for (var step = 0; step < 6; step++)
        {
            var grad = randn([5, 4], generator: g);
            var gradBias = randn([4], generator: g);
            mine.grad = grad.clone();
            mineBias.grad = gradBias.clone();
            ref1.grad = grad.clone();
            ref2.grad = gradBias.clone();
            adam.Step(0.01);
            torchDecayed.step();
            torchPlain.step();
        }

        Assert.True((mine - ref1).abs().max().item<float>() < 1e-6);
        Assert.True((mineBias - ref2).abs().max().item<float>() < 1e-6);
        Assert.True((mine - start).abs().max().item<float>() > 0.01);                  // it did move
        Assert.Equal(6, adam.StepCount);
    }

    [Fact]
    public void A_parameter_with_a_learning_rate_multiplier_follows_torch_AdamW_at_the_multiplied_rate()
    {
        using var g = new Generator(5, CPU);
        var start = randn([3, 4], generator: g);
        using var scaled = new Parameter(start.clone());
        using var plain = new Parameter(start.clone());
        using var reference = new Parameter(start.clone());
        using var adam = new AdamW([("scaled", scaled, true, 10.0), ("plain", plain, true, 1.0)], 0.9, 0.999, 1e-8, weightDecay: 0.01);
        var torchTenfold = optim.AdamW([reference], lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);

        for (var step = 0; step < 4; step++)
        {
            var grad = randn([3, 4], generator: g);
            scaled.grad = grad.clone();
            plain.grad = grad.clone();
            reference.grad = grad.clone();
            adam.Step(0.001);
            torchTenfold.step();
        }

        Assert.True((scaled - reference).abs().max().item<float>() < 1e-6, "10 × 0.001 is torch's 0.01");
        Assert.True((scaled - start).abs().max().item<float>() > 5 * (plain - start).abs().max().item<float>());
    }

    [Fact]
    public void AdamW_matches_torch_optim_AdamW_when_a_parameter_misses_gradients_on_some_steps()
    {
        // A modality not drawn on a step leaves its slots without a gradient; torch.optim.AdamW skips such a
        // parameter and counts its bias correction from its own first update, not from the optimiser's.
        using var g = new Generator(5, CPU);
        var start = randn([3, 4], generator: g);
        using var mine = new Parameter(start.clone());
        using var always = new Parameter(randn([2], generator: g));
        using var reference = new Parameter(start.clone());
        using var adam = new AdamW([("always", always, false), ("w", mine, true)], 0.9, 0.999, 1e-8, weightDecay: 0.01);
        var torchAdam = optim.AdamW([reference], lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01);
        bool[] present = [false, false, false, true, false, true, true, false, true];

        foreach (var has in present)
        {
            always.grad = randn([2], generator: g);
            var grad = randn([3, 4], generator: g);
            mine.grad = has ? grad.clone() : null;
            adam.Step(0.01);
            if (has)
            {
                reference.grad = grad.clone();
                torchAdam.step();
            }
        }

        Assert.True((mine - reference).abs().max().item<float>() < 1e-6);
        Assert.Equal(present.Length, adam.StepCount);
        Assert.Equal(present.Count(p => p), adam.StepCounts().Single(s => s.Name == "step.w").Tensor.item<long>());
    }

    [Fact]
    public void Ema_moves_each_weight_by_one_minus_the_warmed_up_decay()
    {
        using var w = tensor(new float[] { 1, 2 });
        using var ema = new EmaWeights([("w", w)], decay: 0.99);
        w.copy_(tensor(new float[] { 3, 6 }));

        ema.Update(1);                                  // decay min(0.99, 2/11)
        var d = 2.0 / 11;
        var shadow = ema.State().Single().Tensor.data<float>().ToArray();
        Assert.Equal(d * 1 + (1 - d) * 3, shadow[0], 5);
        Assert.Equal(d * 2 + (1 - d) * 6, shadow[1], 5);
        Assert.Equal(0.99, ema.DecayAt(10_000));
    }
}
