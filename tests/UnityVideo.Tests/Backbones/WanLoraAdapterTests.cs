using TorchSharp;
using UnityVideo.Core.Backbones.Wan;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// LoRA on the Wan DiT: a fresh adapter leaves the model's output exactly as it was (so the golden still matches),
/// only A and B train, the targets select the linears a user names, and merging reproduces the adapted output.
/// </summary>
[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class WanLoraAdapterTests(ITestOutputHelper output)
{
    [Fact]
    public void A_fresh_adapter_leaves_the_golden_output_unchanged_and_trains_only_A_and_B()
    {
        using var golden = WanDiTGolden.Open("tiny");
        using var model = golden.LoadModel();
        using var x = golden.Read("input.x");
        using var t = golden.Read("input.t");
        using var context = golden.Read("input.context");
        using var expected = golden.Read("output");
        Tensor before;
        using (no_grad()) before = model.forward(x, t, context);

        using var adapter = WanLoraAdapter.Attach(model, new WanLoraConfig(Rank: 4, Alpha: 8));
        Tensor after;
        using (no_grad()) after = model.forward(x, t, context);

        Assert.True(WanLoraTiny.Same(after, before), "a zero-initialised B must add exactly nothing");
        Assert.True(WanDiTGolden.MaxAbsDiff(after, expected) <= 1e-4);
        Assert.Equal(2 * 10, adapter.ModuleNames.Count); // 2 blocks × (4 + 4 attention linears + 2 FFN linears)
        Assert.All(model.parameters(), p => Assert.False(p.requires_grad));
        Assert.All(adapter.parameters(), p => Assert.True(p.requires_grad));
        Assert.Equal(WanLoraAdapter.CountParameters(model, adapter.Config), adapter.ParameterCount);
        before.Dispose();
        after.Dispose();
    }

    [Fact]
    public void On_bf16_weights_the_fp32_adapter_adds_nothing_at_first_and_receives_fp32_gradients()
    {
        using var golden = WanDiTGolden.Open("tiny");
        using var model = golden.LoadModel(ScalarType.BFloat16);
        using var x = golden.Read("input.x");
        using var t = golden.Read("input.t");
        using var context = golden.Read("input.context");
        Tensor before;
        using (no_grad()) before = model.forward(x, t, context);
        using var adapter = WanLoraAdapter.Attach(model, new WanLoraConfig(Rank: 4, Alpha: 8, Targets: ["self_attn.v", "ffn.2"]));

        using var after = model.forward(x, t, context);
        using var loss = after.square().mean();
        loss.backward();

        Assert.True(WanLoraTiny.Same(after.detach(), before), "a zero-initialised B must add exactly nothing on bf16 weights too");
        Assert.All(adapter.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        using var gradB = adapter["blocks.0.ffn.2"].B.grad!.abs().sum();
        Assert.True(gradB.item<float>() > 0, "B must receive a gradient");
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
        before.Dispose();
    }

    [Fact]
    public void A_starts_Kaiming_uniform_and_B_at_zero()
    {
        using var model = WanLoraTiny.Model(1);
        using var adapter = WanLoraAdapter.Attach(model, new WanLoraConfig(Rank: 4, Alpha: 4, Targets: ["ffn.0"]));
        var lora = adapter["blocks.0.ffn.0"];
        var bound = 1 / Math.Sqrt(WanLoraTiny.Config.Dim); // kaiming_uniform(a = √5): gain √(1/3) · √(3 / fan_in)
        using var maxA = lora.A.abs().max();
        Assert.Equal([4L, WanLoraTiny.Config.Dim], lora.A.shape);
        Assert.Equal([(long)WanLoraTiny.Config.FfnDim, 4L], lora.B.shape);
        Assert.InRange(maxA.item<float>(), 0.8 * bound, bound);
        using var maxB = lora.B.abs().max();
        Assert.Equal(0f, maxB.item<float>());
    }

    [Fact]
    public void Target_patterns_select_by_module_name_suffix()
    {
        using var model = WanLoraTiny.Model(1);
        string[] Select(params string[] patterns) => WanLoraTargets.Select(model, patterns).Select(l => l.Name).ToArray();

        Assert.Equal(["blocks.0.self_attn.q", "blocks.0.cross_attn.q", "blocks.1.self_attn.q", "blocks.1.cross_attn.q"], Select("q"));
        Assert.Equal(["blocks.0.cross_attn.q", "blocks.0.cross_attn.k", "blocks.0.cross_attn.v", "blocks.0.cross_attn.o"],
            Select("cross_attn.*").Take(4).ToArray());
        Assert.Equal(8, Select("cross_attn.*").Length);
        Assert.Equal(["blocks.1.ffn.2"], Select("blocks.1.ffn.2"));
        var error = Assert.Throws<ArgumentException>(() => Select("self_attn.qq"));
        Assert.Contains("'self_attn.qq'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Select("text_embedding.0")); // not a block linear: hooks never see it
    }

    [Fact]
    public void A_second_adapter_on_the_same_model_is_refused_until_the_first_is_detached()
    {
        using var model = WanLoraTiny.Model(1);
        var config = new WanLoraConfig(Rank: 2, Alpha: 2);
        using var first = WanLoraAdapter.Attach(model, config);
        Assert.Throws<InvalidOperationException>(() => WanLoraAdapter.Attach(model, config));
        first.Detach();
        using var second = WanLoraAdapter.Attach(model, config);
        Assert.True(second.IsAttached);
    }

    [Fact]
    public void Merged_weights_reproduce_the_adapted_output_and_the_adapter_is_gone()
    {
        using var golden = WanDiTGolden.Open("tiny");
        using var model = golden.LoadModel();
        using var x = golden.Read("input.x");
        using var t = golden.Read("input.t");
        using var context = golden.Read("input.context");
        var names = model.named_parameters().Select(p => p.name).ToList();
        using var adapter = WanLoraAdapter.Attach(model, new WanLoraConfig(Rank: 4, Alpha: 8));
        manual_seed(7);
        using (no_grad())
        {
            foreach (var p in adapter.parameters().Where((_, i) => i % 2 == 1)) p.copy_(randn(p.shape) * 0.1); // every B
        }

        using var _ = no_grad();
        using var adapted = model.forward(x, t, context);
        using var baseOut = golden.Read("output");
        var moved = WanDiTGolden.MaxAbsDiff(adapted, baseOut);
        adapter.Merge();
        using var merged = model.forward(x, t, context);

        var err = WanDiTGolden.MaxAbsDiff(merged, adapted);
        output.WriteLine($"adapter moved the output by {moved:g3}; merged vs adapted max abs error {err:g3}");
        Assert.True(moved > 1e-2, "the non-zero B must change the output, or the comparison proves nothing");
        Assert.True(err <= 1e-5, $"merged vs adapted: {err:g3} > 1e-5");
        Assert.False(adapter.IsAttached);
        Assert.Equal(names, model.named_parameters().Select(p => p.name).ToList());
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.Throws<InvalidOperationException>(adapter.Merge);
    }

    [Fact]
    public void Rank_32_over_every_attention_and_FFN_linear_of_the_1_3B_counts_its_parameters()
    {
        using var model = new WanDiT(WanDiTConfig.T2V1_3B, device: new Device(DeviceType.META));
        var count = WanLoraAdapter.CountParameters(model, new WanLoraConfig(Rank: 32, Alpha: 32));
        var c = WanDiTConfig.T2V1_3B;
        // per block: 8 attention linears D→D and the FFN's D→F and F→D, each r·(in + out)
        long perBlock = 32L * (8 * (c.Dim + c.Dim) + 2 * (c.Dim + c.FfnDim));
        output.WriteLine($"LoRA rank 32 on the 1.3B, all attention and FFN linears: {count:N0} parameters");
        Assert.Equal(c.Layers * perBlock, count);
        var selfOnly = WanLoraAdapter.CountParameters(model, new WanLoraConfig(Rank: 32, Alpha: 32, Targets: ["self_attn.*"]));
        Assert.Equal(c.Layers * 32L * 4 * (2 * c.Dim), selfOnly);
    }
}
