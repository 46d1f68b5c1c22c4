package com.aitesting.core.error;

/** The object does not exist for this tenant. Another tenant's object is reported the same way (no existence leak). */
public final class NotFoundException extends DomainException {
    private final String resource;
    private final String id;

    public NotFoundException(String resource, Object id) {
        super(resource + " " + id + " was not found");
        this.resource = resource;
        this.id = String.valueOf(id);
    }

    public String resource() {
        return resource;
    }

    public String id() {
        return id;
    }
}
