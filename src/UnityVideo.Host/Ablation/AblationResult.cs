namespace UnityVideo.Host.Ablation;

/// <summary>A finished ablation table and where it was written.</summary>
/// <param name="Table">The table.</param>
/// <param name="MarkdownPath">table.md.</param>
/// <param name="JsonPath">table.json.</param>
public sealed record AblationResult(AblationTable Table, string MarkdownPath, string JsonPath);
