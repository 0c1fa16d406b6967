import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { ModelFormatEnum } from '../graphql/graphql-enums';
import {
  LinkInput,
  ModelChangeResult,
  ModelCollectionEnum,
  ModelVersionType,
  UpsertModelNodeInput,
  type ModelCollection,
} from './dto/model.types';
import { ModelService } from './model.service';

@Resolver()
@ValidateInput()
export class ModelResolver {
  constructor(private readonly models: ModelService) {}

  @Query(() => [ModelVersionType], { description: 'Imported model versions, newest first.' })
  @AnyRole()
  modelVersions(): Promise<ModelVersionType[]> {
    return this.models.versions();
  }

  @Query(() => String, {
    description: 'The model in force as a document (bindings included); only for callers granted every org unit.',
  })
  @Roles('engineer')
  modelDocument(
    @CurrentPrincipal() principal: Principal,
    @Args('format', { type: () => ModelFormatEnum, defaultValue: 'yaml' }) format: 'yaml' | 'json',
  ): string {
    return this.models.document(principal, format);
  }

  @Mutation(() => ModelChangeResult)
  @Roles('engineer')
  importModel(
    @CurrentPrincipal() principal: Principal,
    @Args('document') document: string,
    @Args('format', { type: () => ModelFormatEnum, defaultValue: 'yaml' }) format: 'yaml' | 'json',
  ): Promise<ModelChangeResult> {
    return this.models.import(principal, document, format);
  }

  @Mutation(() => ModelChangeResult, {
    description: 'Creates or replaces one model entry (validated as a new model version).',
  })
  @Roles('engineer')
  upsertModelNode(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: UpsertModelNodeInput,
  ): Promise<ModelChangeResult> {
    return this.models.upsertNode(principal, input.collection, input.definition);
  }

  @Mutation(() => ModelChangeResult)
  @Roles('engineer')
  deleteModelNode(
    @CurrentPrincipal() principal: Principal,
    @Args('collection', { type: () => ModelCollectionEnum }) collection: ModelCollection,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ModelChangeResult> {
    return this.models.deleteNode(principal, collection, id);
  }

  @Mutation(() => ModelChangeResult, {
    description: 'Adds or replaces a strategy link (or a twin edge with edgeType).',
  })
  @Roles('engineer')
  setLink(@CurrentPrincipal() principal: Principal, @Args('input') input: LinkInput): Promise<ModelChangeResult> {
    return this.models.setLink(principal, input, false);
  }

  @Mutation(() => ModelChangeResult)
  @Roles('engineer')
  deleteLink(@CurrentPrincipal() principal: Principal, @Args('input') input: LinkInput): Promise<ModelChangeResult> {
    return this.models.setLink(principal, input, true);
  }
}
