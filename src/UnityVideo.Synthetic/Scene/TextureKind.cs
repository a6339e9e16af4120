namespace UnityVideo.Synthetic.Scene;

/// <summary>Procedural solid textures: patterns make motion visible, so flow and warping can be checked.</summary>
internal enum TextureKind
{
    /// <summary>One colour.</summary>
    Plain,

    /// <summary>3-D checkerboard of two colours.</summary>
    Checker,

    /// <summary>Stripes along local X.</summary>
    Stripes,

    /// <summary>Smooth value noise blending two colours.</summary>
    Noise,
}
