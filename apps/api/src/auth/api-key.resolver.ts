import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ApiKeyService } from './api-key.service';
import { CurrentPrincipal } from './current-principal.decorator';
import type { Principal } from './principal';
import { ApiKeyType, IssuedApiKey } from './dto/api-key.type';
import { IssueApiKeyInput } from './dto/issue-api-key.input';
import { toApiKeyType } from './dto/to-api-key.type.mapper';
import { Roles } from './roles.decorator';
import { ValidateInput } from '../graphql/api-validation.decorator';

@Resolver(() => ApiKeyType)
@ValidateInput()
export class ApiKeyResolver {
  constructor(private readonly service: ApiKeyService) {}

  @Query(() => [ApiKeyType], { description: 'Issued API keys (never the keys themselves).' })
  @Roles('admin')
  async apiKeys(@CurrentPrincipal() principal: Principal): Promise<ApiKeyType[]> {
    return (await this.service.list(principal)).map(toApiKeyType);
  }

  @Mutation(() => IssuedApiKey)
  @Roles('admin')
  async issueApiKey(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: IssueApiKeyInput,
  ): Promise<IssuedApiKey> {
    const { record, key } = await this.service.issue(input.name, input.role, input.units ?? null, principal);
    return { apiKey: toApiKeyType(record), key };
  }

  @Mutation(() => ApiKeyType)
  @Roles('admin')
  async revokeApiKey(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<ApiKeyType> {
    return toApiKeyType(await this.service.revoke(id, principal));
  }
}
