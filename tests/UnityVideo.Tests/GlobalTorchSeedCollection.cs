namespace UnityVideo.Tests;

/// <summary>
/// Tests that compare two models (or trainer runs) each built from <c>torch.manual_seed</c>: torch's default generator is one per process,
/// so another test class drawing from it in parallel between a seed and the draws after it would give the
/// two models different weights. These run alone.
/// </summary>
[CollectionDefinition(nameof(GlobalTorchSeedCollection), DisableParallelization = true)]
public sealed class GlobalTorchSeedCollection;
