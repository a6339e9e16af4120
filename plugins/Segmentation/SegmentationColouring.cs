namespace UnityVideo.Plugins.Segmentation;

/// <summary>How the segmentation codec colours the instances it keeps (<c>Plugins:Settings:Segmentation:Colours</c>).</summary>
public enum SegmentationColouring
{
    /// <summary>
    /// Every kept instance gets its own palette colour, numbered left to right (<c>slots</c>): instances stay
    /// apart exactly, but an instance's colour depends on the others in the clip.
    /// </summary>
    Slots,

    /// <summary>
    /// Every kept instance is painted its class's colour (<c>classes</c>), and the decode splits a colour into
    /// instances by connectivity over space and time: a pixel's colour depends only on what is there, but
    /// touching instances of one class come back as one.
    /// </summary>
    Classes,
}
