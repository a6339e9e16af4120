namespace UnityVideo.Abstractions;

/// <summary>Identity of a plugin: what it is called, its own version, and the contract it was built for.</summary>
/// <param name="Name">Human-readable plugin name, e.g. "Depth".</param>
/// <param name="Version">The plugin's own version, e.g. "1.0.0".</param>
/// <param name="ContractVersion">
/// The <see cref="PluginContract.Current"/> the plugin was compiled against. Plugins should pass
/// <c>PluginContract.Current</c> so the value is fixed at compile time.
/// </param>
public sealed record PluginManifest(string Name, string Version, Version ContractVersion);
