using TorchSharp;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Gradient checkpointing of one <see cref="WanDiTBlock"/>: the forward pass runs without recording the graph and
/// keeps only the block's inputs; backward runs the block again with the graph recorded and back-propagates through
/// that recomputation, which also accumulates the block's parameter gradients (and any LoRA adapter's). Activations
/// kept for backward drop from every intermediate tensor of every block to one residual-stream tensor per block,
/// at the price of a second forward pass per block. The block must be deterministic (no dropout), since the
/// recomputation has to reproduce the forward pass exactly.
/// Every tensor handle made during backward is disposed explicitly: on a GPU, backward runs on the autograd engine's
/// own thread, outside any dispose scope of the caller, and a handle left to the finaliser keeps its device memory
/// (a block input and its gradient, per block and step) until a garbage collection that the GPU's memory pressure
/// never triggers (measured: docs/decisions.md, "Wan2.1 DiT on a GPU"). The gradients handed back to the engine can only be released after it
/// has taken them: <see cref="PendingHandles"/> releases them at the next block's backward or the next forward.
/// </summary>
internal sealed class WanBlockCheckpoint : autograd.SingleTensorFunction<WanBlockCheckpoint>
{
    private const string BlockKey = "block";
    private const string PendingKey = "pending";
    private const string NeedsGradKey = "needs-grad";
    private const string GatedKey = "gated-tokens";

    public override string Name => nameof(WanBlockCheckpoint);

    /// <summary>
    /// x <c>[B, L, D]</c> through <paramref name="block"/> with gradients flowing to x, the time projection E0, the
    /// embedded text, the joint gate (when the context has one) and the block's trainable parameters.
    /// </summary>
    public static Tensor Run(WanDiTBlock block, Tensor x, WanBlockContext ctx, PendingHandles pending)
    {
        // At least one input must require grad for the function's output to get a backward node at all; when none
        // does (LoRA on frozen embeddings), a detached leaf stands in for x so the adapters still receive gradients.
        if (!x.requires_grad && !ctx.E0.requires_grad && !ctx.Context.requires_grad && ctx.JointGate?.requires_grad != true)
            x = x.detach().requires_grad_(true);
        return ctx.JointGate is { } gate
            ? apply(x, ctx.E0, ctx.Context, ctx.RopeCos, ctx.RopeSin, gate, block, pending, ctx.GatedTokens)
            : apply(x, ctx.E0, ctx.Context, ctx.RopeCos, ctx.RopeSin, block, pending, ctx.GatedTokens);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        // Tensors go through save_for_backward, which keeps them alive after the caller's dispose scope has ended.
        var count = vars.TakeWhile(v => v is Tensor).Count();
        var inputs = vars[..count].Cast<Tensor>().ToList(); // x, E0, text, RoPE cos, RoPE sin[, joint gate]
        ctx.save_for_backward(inputs);
        ctx.save_data(BlockKey, vars[count]);
        ctx.save_data(PendingKey, vars[count + 1]);
        ctx.save_data(GatedKey, vars[count + 2]);
        ctx.save_data(NeedsGradKey, inputs.Select(t => t.requires_grad).ToArray());
        using var _ = no_grad();
        return ((WanDiTBlock)vars[count]).forward(inputs[0], Context(inputs, (long)vars[count + 2]));
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
    {
        var pending = (PendingHandles)ctx.get_data(PendingKey);
        pending.Release(); // the later block's gradients: the engine has taken them by now
        var block = (WanDiTBlock)ctx.get_data(BlockKey);
        var gated = (long)ctx.get_data(GatedKey);
        var needsGrad = (bool[])ctx.get_data(NeedsGradKey);
        using var scope = NewDisposeScope();
        using var _ = enable_grad();
        var saved = ctx.get_saved_variables();
        var inputs = saved.Select((t, i) => needsGrad[i] ? t.detach().requires_grad_(true) : t.detach()).ToList();
        using (var y = block.forward(inputs[0], Context(inputs, gated)))
            autograd.backward([y], [grad]);
        grad.Dispose();
        // One gradient per argument of apply (the tensors, then block, pending, gated count); null where none is wanted.
        var grads = inputs.Select((t, i) => needsGrad[i] ? t.grad! : null!).ToList();
        foreach (var g in grads.Where(g => g is not null)) scope.Detach(g);
        pending.Add(grads.Where(g => g is not null));
        return [.. grads, null!, null!, null!];
    }

    private static WanBlockContext Context(IReadOnlyList<Tensor> inputs, long gated) =>
        new(inputs[1], inputs[3], inputs[4], inputs[2], inputs.Count > 5 ? inputs[5] : null, gated);
}
