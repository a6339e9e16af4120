namespace UnityVideo.Host;

/// <summary>
/// The configuration resolved at start-up, as a run folder stores it (<c>config.json</c>) and <c>config show</c> prints
/// it: every section, the enabled modalities resolved to names.
/// </summary>
/// <param name="Json">Indented JSON, camelCase keys, enums by name.</param>
public sealed record ResolvedConfiguration(string Json);
