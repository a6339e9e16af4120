namespace UnityVideo.Synthetic.Scene;

/// <summary>Camera moves.</summary>
internal enum CameraMotion
{
    /// <summary>Fixed camera.</summary>
    Static,

    /// <summary>Rotates about its vertical axis in place.</summary>
    Pan,

    /// <summary>Moves along its optical axis, in or out.</summary>
    Dolly,

    /// <summary>Circles the scene centre, always looking at it.</summary>
    Orbit,
}
