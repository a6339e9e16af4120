using System.Runtime.InteropServices;

namespace UnityVideo.Core.Native;

/// <summary>
/// TorchSharp 0.107 lets the garbage collector free an implicit Scalar (the <c>1</c> of <c>t.add(u)</c>, the
/// <c>0.5f</c> of <c>t.mul(0.5f)</c>) while libtorch is still reading it, when a collection runs during the native
/// call; libtorch then fails a type check in <c>c10/core/Scalar.h</c> (docs/decisions.md, "TorchSharp frees temporary
/// Scalars"). Nothing was computed wrong: the call failed. This recognises that failure, so a long run can go back to
/// its last checkpoint instead of being lost.
/// </summary>
public static class FreedScalar
{
    /// <summary>One line for messages.</summary>
    public const string Why = "a TorchSharp lifetime bug, docs/decisions.md";

    /// <summary>True when <paramref name="e"/> is libtorch refusing a Scalar whose memory was freed.</summary>
    public static bool Caused(ExternalException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Message.Contains("c10/core/Scalar.h:", StringComparison.Ordinal);
    }
}
