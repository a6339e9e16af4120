using UnityVideo.Abstractions;
using UnityVideo.Core.Data;
using UnityVideo.Core.Modalities;
using UnityVideo.Host.Plugins;

namespace UnityVideo.Host.Data;

/// <summary>
/// A plugin's ground-truth annotator that <see cref="SyntheticDatasetBuilder"/> runs on every rendered clip, storing
/// what it returns under the modality's storage key. This is how a modality the dataset format has no typed
/// tensor for (e.g. a third-party "normals" plugin) gets synthetic training data.
/// </summary>
/// <param name="Plugin">Name of the plugin that registered the annotator, for errors.</param>
/// <param name="AssemblyPath">The plugin's assembly, for errors.</param>
/// <param name="Annotator">The annotator; its <see cref="IAnnotator.RequiredBuffers"/> name the buffers it reads.</param>
/// <param name="StorageKey">Tensor name in the clip file.</param>
public sealed record SyntheticAnnotation(string Plugin, string AssemblyPath, IAnnotator Annotator, string StorageKey)
{
    /// <summary>
    /// One annotation per enabled modality that the dataset format stores no typed tensor for and whose plugin
    /// registered a ground-truth annotator (one with required buffers). The five bundled modalities are written
    /// from the buffers directly, as before.
    /// </summary>
    public static IReadOnlyList<SyntheticAnnotation> For(PluginCatalog catalog, ModalityRegistry enabled)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(enabled);
        var result = new List<SyntheticAnnotation>();
        foreach (var m in enabled.Modalities.Where(m => !ClipTensorNames.All.Contains(m.StorageKey, StringComparer.Ordinal)))
        {
            var annotator = enabled.AnnotatorsFor(m.Name).FirstOrDefault(a => a.RequiredBuffers.Count > 0);
            if (annotator is null) continue;
            var owner = catalog.Plugins.FirstOrDefault(p => p.Annotators.Contains(annotator)) ?? catalog.OwnerOf(m.Name);
            result.Add(new SyntheticAnnotation(owner.Manifest.Name, owner.AssemblyPath, annotator, m.StorageKey));
        }
        return result;
    }

    /// <summary>Refuses, naming the plugin, the annotator and the buffer, when the world does not offer a buffer it reads.</summary>
    /// <exception cref="PluginLoadException">A required buffer is not among <paramref name="offered"/>.</exception>
    public void CheckBuffers(IReadOnlyCollection<string> offered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        foreach (var name in Annotator.RequiredBuffers)
        {
            if (!offered.Contains(name))
                throw new PluginLoadException(AssemblyPath,
                    $"plugin '{Plugin}': annotator '{Annotator.Name}' of modality '{Annotator.Modality}' needs the ground-truth buffer '{name}', which the synthetic world does not offer (it offers: {string.Join(", ", offered)})");
        }
    }
}
