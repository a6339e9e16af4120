using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnityVideo.Core.Backbones.Wan;

/// <summary>
/// Linear → activation → Linear with the reference's <c>nn.Sequential</c> key layout (<c>0.*</c> and <c>2.*</c>; the
/// activation holds slot 1): the text embedding and the FFN use GELU(tanh), the time embedding SiLU.
/// The linears run through <c>call</c>, not <c>forward</c>, so forward hooks apply (that is how
/// <see cref="WanLoraAdapter"/> adds its low-rank updates without changing the weight names).
/// </summary>
public sealed class WanMlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear first;
    private readonly Linear second;
    private readonly bool silu;

    /// <summary>Creates <paramref name="inDim"/> → <paramref name="hidden"/> → <paramref name="outDim"/>; <paramref name="silu"/> picks SiLU over GELU(tanh).</summary>
    public WanMlp(string name, long inDim, long hidden, long outDim, bool silu, Device? device = null, ScalarType? dtype = null) : base(name)
    {
        this.silu = silu;
        first = nn.Linear(inDim, hidden, hasBias: true, device: device, dtype: dtype);
        second = nn.Linear(hidden, outDim, hasBias: true, device: device, dtype: dtype);
        register_module("0", first);
        register_module("2", second);
    }

    /// <summary>The first linear (key <c>0</c>).</summary>
    public Linear First => first;

    /// <summary>The second linear (key <c>2</c>).</summary>
    public Linear Second => second;

    /// <summary><c>[..., in] → [..., out]</c> in the weights' dtype.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = first.call(x.to_type(first.weight!.dtype));
        return scope.MoveToOuter(second.call(Activate(h)));
    }

    /// <summary><c>[..., in] → [..., out]</c> computed in fp32 whatever the weights' dtype (the time embedding's rule).</summary>
    public Tensor ForwardFp32(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = WanFp32.Linear(first, x.to_type(float32));
        return scope.MoveToOuter(WanFp32.Linear(second, Activate(h)));
    }

    private Tensor Activate(Tensor h) => silu ? nn.functional.silu(h) : nn.functional.gelu(h, GELU.Approximate.tanh);
}
