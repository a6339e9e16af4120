namespace UnityVideo.Host.Data;

/// <summary>A finished synthetic dataset.</summary>
/// <param name="Directory">The dataset folder.</param>
/// <param name="ManifestPath">Its <c>manifest.jsonl</c>.</param>
/// <param name="Clips">Number of clips written.</param>
public sealed record SyntheticDatasetResult(string Directory, string ManifestPath, int Clips);
