namespace UnityVideo.Core.Data;

/// <summary>What <see cref="VideoDatasetBuilder"/> wrote.</summary>
/// <param name="Directory">The dataset folder (not created when <paramref name="Clips"/> is 0).</param>
/// <param name="ManifestPath">Its <c>manifest.jsonl</c>.</param>
/// <param name="Clips">Clips written.</param>
/// <param name="VideosUsed">Videos that gave at least one clip.</param>
/// <param name="Skipped">Files that gave no clip, or failed part-way, each with the reason.</param>
public sealed record VideoDatasetResult(string Directory, string ManifestPath, int Clips, int VideosUsed, IReadOnlyList<SkippedVideo> Skipped);
