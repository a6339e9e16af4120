namespace UnityVideo.Abstractions;

/// <summary>Identity of a plugin: what it is called, its own version, and the contract it was built for.</summary>
/// <param name="Name">Plugin name, e.g. "Depth". Its configuration lives under <c>Plugins:Settings:&lt;Name&gt;</c>.</param>
/// <param name="Version">The plugin's own version, e.g. "1.0.0".</param>
/// <param name="ContractMajor">
/// Contract major version the plugin was compiled against. Leave the default: default parameter values are
/// baked into the plugin at compile time, which is what lets the host detect a plugin built for another
/// contract.
/// </param>
/// <param name="ContractMinor">Contract minor version the plugin was compiled against; leave the default.</param>
public sealed record PluginManifest(string Name, string Version, int ContractMajor = PluginContract.Major, int ContractMinor = PluginContract.Minor)
{
    /// <summary>The contract version as a <see cref="System.Version"/>.</summary>
    public Version ContractVersion => new(ContractMajor, ContractMinor);
}
