using UnityVideo.Core.Model;
using UnityVideo.Core.Native;
using UnityVideo.Core.Training;
using static TorchSharp.torch;
using static UnityVideo.Tests.Model.ModelTestKit;

namespace UnityVideo.Tests.Model;

public sealed class BlockPrecisionTests
{
    // Every model here has TestConfig's sizes, whatever its precision.
    private static IReadOnlyList<Tensor> Forward(UnityDiT model)
    {
        var cfg = TestConfig();
        return model.forward([
            new DiTStream("rgb", Video(2, 3, cfg, 1), full(2, 0.6f), Prompt(cfg, "a person walks past a red box", 2)),
            new DiTStream("depth", Video(2, 1, cfg, 2), full(2, 0.3f), Prompt(cfg, "depth map", 2)),
        ]);
    }

    /// <summary>An fp32 model with random weights: the reference the other precisions copy.</summary>
    private static UnityDiT Reference()
    {
        var model = NewModel(TestConfig(), Depth);
        Randomize(model, seed: 5);
        return model;
    }

    /// <summary>A model at <paramref name="precision"/> holding <paramref name="reference"/>'s weights.</summary>
    private static UnityDiT Twin(UnityDiT reference, string precision)
    {
        var cfg = TestConfig();
        cfg.BlockPrecision = precision;
        var model = NewModel(cfg, Depth);
        model.load_state_dict(reference.state_dict());
        return model;
    }

    [Fact]
    public void A_bf16_model_predicts_what_the_fp32_model_with_the_same_weights_does_to_bf16_rounding_and_learns_in_fp32()
    {
        using var scope = NewDisposeScope();
        using var fp32 = Reference();
        using var bf16 = Twin(fp32, DiTConfig.Bf16);

        var reference = Forward(fp32);
        var rounded = Forward(bf16);
        for (var i = 0; i < reference.Count; i++)
        {
            Assert.Equal(ScalarType.Float32, rounded[i].dtype);
            var scale = reference[i].abs().mean().to(float64).item<double>();
            var error = (rounded[i] - reference[i]).abs().mean().to(float64).item<double>();
            // bf16 keeps 8 significant bits (relative rounding ≤ 0.4 %); a few products in a row stay near that, a
            // wrong kernel or a lost term would be off by the prediction's own size.
            Assert.InRange(error / scale, 1e-5, 0.03); // not bit-equal: the products did run in bf16
        }

        // One training step: every parameter gets a finite fp32 gradient and stays fp32.
        rounded.Select(o => o.square().mean()).Aggregate((a, b) => a + b).backward();
        foreach (var (name, p) in bf16.named_parameters())
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            if (p.grad is { } g)
            {
                Assert.Equal(ScalarType.Float32, g.dtype);
                Assert.True(g.isfinite().all().item<bool>(), $"{name}: gradient not finite");
            }
        }
        Assert.True(bf16.named_parameters().Where(p => p.name.StartsWith("blocks.", StringComparison.Ordinal))
            .Any(p => p.parameter.grad is { } g && g.abs().sum().item<float>() > 0), "the blocks got no gradient");
    }

    [Fact]
    public void Auto_runs_bf16_products_on_a_CPU_that_multiplies_bf16_in_hardware_and_fp32_on_one_that_does_not()
    {
        using var scope = NewDisposeScope();
        using var fp32 = Reference();
        using var auto = Twin(fp32, DiTConfig.AutoPrecision);
        using var bf16 = Twin(fp32, DiTConfig.Bf16);
        var expected = CpuFeatures.HasBf16Products ? Forward(bf16) : Forward(fp32);
        var got = Forward(auto);
        for (var i = 0; i < got.Count; i++) Assert.Equal(0.0, MaxAbsDiff(got[i], expected[i]));
    }

    [Fact]
    public void The_CPU_flags_decide_whether_bf16_is_multiplied_in_hardware()
    {
        const string Zen5 = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n\nprocessor\t: 1\n";
        const string Sapphire = "processor\t: 0\nflags\t\t: fpu avx512f amx_bf16 amx_tile\n";
        const string Avx2Only = "processor\t: 0\nflags\t\t: fpu sse2 avx2 fma\nbugs\t\t: spectre_v1\n";
        Assert.True(CpuFeatures.HasBf16ProductsIn(Zen5));
        Assert.True(CpuFeatures.HasBf16ProductsIn(Sapphire));
        Assert.False(CpuFeatures.HasBf16ProductsIn(Avx2Only));
        Assert.False(CpuFeatures.HasBf16ProductsIn("")); // no /proc/cpuinfo: fp32, never an emulated bf16
    }

    [Fact]
    public void The_precision_is_checked_and_runs_on_fp32_keep_their_configuration_hash()
    {
        Assert.Contains(new DiTConfig { BlockPrecision = "fp16" }.Validate(), e => e.StartsWith("BlockPrecision", StringComparison.Ordinal) && e.Contains("'fp16'", StringComparison.Ordinal));
        Assert.Empty(new DiTConfig { BlockPrecision = DiTConfig.Bf16 }.Validate());
        Assert.Empty(new DiTConfig { BlockPrecision = DiTConfig.AutoPrecision }.Validate());

        var streams = new Dictionary<string, int> { ["rgb"] = 3, ["depth"] = 1 };
        var options = new TrainerOptions();
        var fp32 = new DiTConfig();
        var bf16 = new DiTConfig { BlockPrecision = DiTConfig.Bf16 };
        Assert.DoesNotContain("blockPrecision", TrainingConfiguration.ToJson(fp32, streams, options), StringComparison.Ordinal);
        Assert.NotEqual(TrainingConfiguration.Hash(fp32, streams, options), TrainingConfiguration.Hash(bf16, streams, options));
        Assert.Equal(DiTConfig.Bf16, DiTConfig.FromJson(bf16.ToJson()).BlockPrecision); // a checkpoint keeps it
    }
}
