package com.aitesting.sfnlocal.asl;

import java.util.List;

/** One Catch entry. */
public record Catcher(List<String> errorEquals, ResultPath resultPath, String next) {

    public Catcher {
        errorEquals = List.copyOf(errorEquals);
    }

    public boolean matches(String error) {
        return ErrorNames.matches(errorEquals, error);
    }
}
