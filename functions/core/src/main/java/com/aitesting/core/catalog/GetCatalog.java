package com.aitesting.core.catalog;

import com.aitesting.core.tenant.Actor;

/** GET /v1/catalog. The catalog is the same for every tenant; the actor is taken for symmetry and auditing. */
public final class GetCatalog {
    private final Catalog catalog;

    public GetCatalog(Catalog catalog) {
        this.catalog = catalog;
    }

    public Catalog execute(Actor actor) {
        return catalog;
    }
}
