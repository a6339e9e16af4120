namespace UnityVideo.Core.Native;

/// <summary>What the native loader did.</summary>
public enum TorchNativeAction
{
    /// <summary>The system satisfies the shim as shipped; TorchSharp loads it itself.</summary>
    NotNeeded,

    /// <summary>A cached copy with marker-only version requirements weakened was loaded.</summary>
    LoadedPatchedCopy,
}

/// <summary>Outcome of <see cref="TorchNativeLoader.EnsureLoaded"/>.</summary>
/// <param name="Action">What was done.</param>
/// <param name="LibraryPath">The shim file involved, when one was found.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record TorchNativeStatus(TorchNativeAction Action, string? LibraryPath, string Reason);
