using TorchSharp;
using UnityVideo.Core.Backbones.Wan;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Backbones;

/// <summary>
/// Per-block gradient checkpointing changes memory, not results: the same output and the same gradients for every
/// trainable tensor, in a full fine-tune and with LoRA on frozen weights; LoRA dropout, which the recomputation
/// cannot reproduce, is refused with a clear error.
/// </summary>
[Collection(nameof(GlobalTorchSeedCollection))]
public sealed class WanCheckpointingTests(ITestOutputHelper output)
{
    [Fact]
    public void Checkpointed_blocks_give_the_same_output_and_gradients_as_plain_ones_in_a_full_fine_tune()
    {
        var (plain, checkpointed) = PlainAndCheckpointed(lora: false);

        Assert.Equal(plain.Output.Keys, checkpointed.Output.Keys);
        AssertClose(plain, checkpointed);
        Assert.Contains("blocks.0.self_attn.q.weight", plain.Output.Keys);
        Assert.Contains("time_projection.1.weight", plain.Output.Keys); // reached through E0 in every block
        Assert.Contains("text_embedding.0.weight", plain.Output.Keys);  // reached through the cross-attention
        Assert.Contains("patch_embedding.weight", plain.Output.Keys);   // reached through the first block's input
    }

    [Fact]
    public void Checkpointed_blocks_give_LoRA_adapters_the_same_gradients_on_a_frozen_model()
    {
        var (plain, checkpointed) = PlainAndCheckpointed(lora: true);

        Assert.NotEmpty(plain.Output.Keys);
        Assert.All(plain.Output.Keys, k => Assert.Contains("lora_", k));
        Assert.Equal(plain.Output.Keys, checkpointed.Output.Keys);
        AssertClose(plain, checkpointed);
    }

    [Fact]
    public void Checkpointing_with_LoRA_dropout_in_training_is_refused_with_a_clear_error()
    {
        using var model = WanLoraTiny.Model(1);
        model.CheckpointBlocks = true;
        using var adapter = WanLoraAdapter.Attach(model, new WanLoraConfig(Rank: 4, Alpha: 4, Dropout: 0.1));
        var (x, t, context) = WanLoraTiny.Inputs(2);
        model.train();

        var e = Assert.Throws<InvalidOperationException>(() => model.forward(x, t, context));
        Assert.Contains("dropout", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CheckpointBlocks", e.Message, StringComparison.Ordinal);

        model.eval(); // no dropout at inference, and no graph: nothing to refuse
        using var noGrad = no_grad();
        using var y = model.forward(x, t, context);
        Assert.Equal(new long[] { 2, 3, 2, 4, 4 }, y.shape);
    }

    [Fact]
    public void Checkpointed_steps_leave_no_tensors_behind_when_backward_runs_outside_any_dispose_scope()
    {
        // On a GPU the autograd engine runs backward on its own thread, outside the caller's dispose scopes, so any
        // handle the checkpoint's backward leaves to the finaliser holds device memory until a collection that
        // never comes (measured: GPU memory grew by about 12 GB per step at 81 frames of 480×832). Here backward
        // runs outside any scope on purpose; the live handle count must not grow from step to step.
        using var model = WanLoraTiny.Model(1);
        model.CheckpointBlocks = true;
        var (x, t, context) = WanLoraTiny.Inputs(2);
        model.train();
        var live = new List<long>();
        for (var step = 0; step < 4; step++)
        {
            Tensor loss;
            using (var scope = NewDisposeScope())
            {
                loss = model.forward(x, t, context).pow(2).mean();
                scope.Detach(loss);
            }
            loss.backward();
            loss.Dispose();
            foreach (var p in model.parameters()) p.grad = null;
            live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
        output.WriteLine($"live tensor handles after each step: {string.Join(", ", live)}");
        Assert.True(live[^1] <= live[1], $"live handles grew from step to step: {string.Join(", ", live)}");
    }

    private sealed record Result(Tensor Y, Dictionary<string, Tensor> Output);

    /// <summary>
    /// Output and the gradient of every trainable tensor after one backward of a fixed loss, without and then with
    /// checkpointing, on one model and one input: two constructions would each draw from torch's global generator,
    /// which tests running in parallel share.
    /// </summary>
    private static (Result Plain, Result Checkpointed) PlainAndCheckpointed(bool lora)
    {
        using var model = WanLoraTiny.Model(1);
        using var adapter = lora ? WanLoraAdapter.Attach(model, new WanLoraConfig(Rank: 4, Alpha: 8)) : null;
        if (adapter is not null)
        {
            using var noGrad = no_grad();
            using var g = new Generator(7, CPU);
            foreach (var (_, p) in adapter.NamedParameters()) p.add_(randn(p.shape, generator: g) * 0.1); // B ≠ 0, so A gets gradients too
        }
        var (x, t, context) = WanLoraTiny.Inputs(2);
        model.train();
        return (Gradients(model, adapter, x, t, context, checkpoint: false), Gradients(model, adapter, x, t, context, checkpoint: true));
    }

    private static Result Gradients(WanDiT model, WanLoraAdapter? adapter, Tensor x, Tensor t, Tensor context, bool checkpoint)
    {
        model.CheckpointBlocks = checkpoint;
        foreach (var p in model.parameters()) p.grad = null;
        if (adapter is not null) foreach (var (_, p) in adapter.NamedParameters()) p.grad = null;
        var y = model.forward(x, t, context);
        using var target = zeros_like(y);
        y.sub(target).pow(2).mean().backward();
        var trainable = adapter is null
            ? model.named_parameters().Select(p => (p.name, (Tensor)p.parameter))
            : adapter.NamedParameters().Select(p => (p.Name, (Tensor)p.Param));
        return new Result(y.detach(), trainable.Where(p => p.Item2.grad is not null).ToDictionary(p => p.Item1, p => p.Item2.grad!.clone()));
    }

    private void AssertClose(Result plain, Result checkpointed)
    {
        Assert.True((plain.Y - checkpointed.Y).abs().max().item<float>() == 0, "the forward output must not change");
        var worst = plain.Output.Max(kv => (kv.Value - checkpointed.Output[kv.Key]).abs().max().item<float>());
        var scale = plain.Output.Max(kv => kv.Value.abs().max().item<float>());
        output.WriteLine($"{plain.Output.Count} gradients, max |Δ| {worst:g3} (largest gradient {scale:g3})");
        Assert.True(scale > 0, "the loss must produce gradients");
        Assert.True(worst <= 1e-6 * Math.Max(1, scale), $"gradients differ by {worst:g3}");
    }
}
