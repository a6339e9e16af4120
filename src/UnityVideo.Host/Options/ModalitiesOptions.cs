namespace UnityVideo.Host.Options;

/// <summary>Which registered modalities an experiment uses. Section <c>Modalities</c>.</summary>
public sealed class ModalitiesOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Modalities";

    /// <summary>
    /// Modality names to enable; empty enables every modality the loaded plugins provide. RGB is always on and may
    /// be listed: <c>["rgb"]</c> alone enables no auxiliary modality (a text-to-video run, the ablations' baseline).
    /// </summary>
    public List<string> Enabled { get; set; } = [];
}
