package dev.kongsync.router;

import java.util.Locale;

/** The two Kong 3.9 router flavors that read routes' traditional fields ({@code router_flavor} in kong.conf). */
public enum Flavor {
    /** The 3.9 default: the ATC router with priorities computed from the traditional fields (kong/router/compat.lua). */
    TRADITIONAL_COMPATIBLE("traditional_compatible"),
    /** The pre-3.0 router (kong/router/traditional.lua). */
    TRADITIONAL("traditional");

    private final String kongName;

    Flavor(String kongName) {
        this.kongName = kongName;
    }

    /** The value of {@code router_flavor} in kong.conf. */
    public String kongName() {
        return kongName;
    }

    /**
     * The flavor for a {@code router_flavor} value; {@code expressions} is refused because the model does not cover it.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static Flavor of(String routerFlavor) {
        String v = routerFlavor.trim().toLowerCase(Locale.ROOT);
        for (Flavor f : values()) {
            if (f.kongName.equals(v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("router_flavor '" + routerFlavor + "' is not modelled (only traditional_compatible and traditional are)");
    }
}
