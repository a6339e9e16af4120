namespace UnityVideo.Synthetic.Scene;

/// <summary>How a rigid object moves.</summary>
internal enum RigidMotion
{
    /// <summary>Stays put.</summary>
    Still,

    /// <summary>Slides along the ground at constant velocity.</summary>
    Slide,

    /// <summary>Spins about its vertical axis in place.</summary>
    Spin,

    /// <summary>Rolls without slipping (spheres and lying cylinders).</summary>
    Roll,

    /// <summary>Bounces up and down (spheres).</summary>
    Bounce,
}
